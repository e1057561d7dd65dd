import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeKinesisRecord } from '../../functions/decode/kinesis-record.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import type { PutRecordsFn } from '../../functions/ship/kinesis-put.js';
import { SHIP_DEFAULTS } from '../../functions/ship/ship-options.js';
import { runShip } from '../../functions/ship/ship-run.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { readCorpus } from '../support/corpora.js';

const received = new Date('2026-11-29T00:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);

describe('logsift ship from stdin (journalctl -o json)', () => {
  it('ships every entry, pretty-printed or not, with the event ids of the file; saves the last cursor', async () => {
    const lines = readCorpus('journald-journalctl/synthetic-edge-cases.journalctl-all.json').toString('utf8').split('\n').filter((l) => l.trim() !== '');
    // Pretty-printed input (json-pretty) must arrive on one line per entry.
    const input = lines.map((l) => JSON.stringify(JSON.parse(l), null, 2)).join('\n') + '\n';
    const stored: { data: Buffer; partitionKey: string }[] = [];
    const put: PutRecordsFn = async (records) => {
      stored.push(...records);
      return records.map(() => undefined);
    };
    const dir = mkdtempSync(join(tmpdir(), 'logsift-ship-stdin-'));
    try {
      const log: string[] = [];
      const out = await runShip({
        settings: { ...SHIP_DEFAULTS, stream: 's', progressMs: 0 },
        put,
        cursorFile: join(dir, 'c'),
        source: { kind: 'stdin', stream: Readable.from([Buffer.from(input)]) },
        log: (l) => log.push(l),
        stop: new AbortController().signal,
      });
      expect(out.exitCode).toBe(0);
      const last = JSON.parse(lines[lines.length - 1]) as { __CURSOR: string };
      expect(readFileSync(join(dir, 'c'), 'utf8')).toBe(last.__CURSOR + '\n');
      expect(log[log.length - 1]).toMatch(new RegExp(`^done: entries=${lines.length} acked=${lines.length} pending=0 `));
      const shipped = stored.flatMap((r, k) =>
        decodeKinesisRecord({ data: r.data.toString('base64'), shardId: 's', sequenceNumber: String(k), approximateArrivalTimestamp: 0, partitionKey: r.partitionKey }, { format: 'auto', maxEventBytes: 1 << 20 }),
      );
      const ids = shipped.map((raw) => buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG).event_id);
      const fromFile = lines.map((l, i) => {
        const raw = { data: Buffer.from(l), identity: `file:${i}`, receivedTime: received };
        return buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG).event_id;
      });
      expect(ids.sort()).toEqual(fromFile.sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
