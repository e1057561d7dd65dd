import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import { createFramer } from '../../functions/decode/framer.js';
import { recordMaker } from '../../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { MemoryObjectSink } from '../../functions/sinks/object-sink.js';
import { TABLE_NAMES, TABLES } from '../../functions/sinks/table-schema.js';
import { writeBatch } from '../../functions/sinks/write-batch.js';

/**
 * Files written by the encoder read back in DuckDB exactly as files written by the encoder on
 * main before the write-path speed work (issue 16) did: same rows, same values, every column.
 * The golden file was made by that earlier encoder from the same inputs (GOLDEN_UPDATE=1 writes
 * it again; only do that for a deliberate change of what the tables hold, not of the encoding).
 */
const GOLDEN = new URL('../fixtures/parquet-golden/rows.json', import.meta.url);
const RECEIVED = new Date('2026-11-26T03:00:00Z');

/** Lines the samples lack: multi-byte UTF-8, an empty journald map, bad input for quarantine. */
const EXTRA = [
  '<14>1 2026-11-26T02:20:00.5Z cp-2 app 9 ID7 [origin@48577 ip="10.0.0.2"][meta@48577 seq="7" x="ü"] héllo wörld ✓ 😀',
  '{"__REALTIME_TIMESTAMP":"1764119000000000","_HOSTNAME":"cp-3","MESSAGE":"only a message"}',
  '{"__REALTIME_TIMESTAMP":"1764119000000001","_HOSTNAME":"cp-3","MESSAGE":[104,105],"_SYSTEMD_UNIT":"k.service","PRIORITY":"3"}',
  '<999>not a syslog line at all',
  '\u0001\u0002 binary junk \u00ff',
  '',
];

function records(): LogRecord[] {
  const inputs = readdirSync('samples')
    .filter((f) => f.endsWith('.log') || f.endsWith('.journal.json'))
    .sort()
    .map((f) => ({ source: `samples/${f}`, data: readFileSync(join('samples', f)) }));
  inputs.push({ source: 'extra', data: Buffer.from(EXTRA.join('\n') + '\n') });
  const out: LogRecord[] = [];
  for (const { source, data } of inputs) {
    const framer = createFramer({ framing: 'lines', format: 'auto', maxEventBytes: DEFAULT_CONFIG.limits.max_event_bytes, source });
    const make = recordMaker({ source, format: 'auto', framing: 'lines', receivedTime: RECEIVED, config: DEFAULT_CONFIG });
    out.push(...make([...framer.push(data), ...framer.end()]));
  }
  return out;
}

/** Every table's rows as DuckDB reads them back, every column as JSON, in a fixed order. */
async function readBack(dir: string): Promise<Record<string, unknown[]>> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await db.run(`SET TimeZone = 'UTC'`);
    const out: Record<string, unknown[]> = {};
    for (const table of TABLE_NAMES) {
      const cols = TABLES[table].columns.map((c) => `"${c.name}"`).join(', ');
      const files = `read_parquet('${dir}/${table}/*/*/*.parquet', hive_partitioning = false)`;
      const order = table === 'findings' ? 'finding_id, time_end' : 'event_id';
      const rows = await db.runAndReadAll(`SELECT to_json(t)::VARCHAR AS j FROM (SELECT ${cols} FROM ${files} ORDER BY ${order}) t`);
      out[table] = rows.getRowObjectsJson().map((r) => JSON.parse(r.j as string));
    }
    return out;
  } finally {
    db.closeSync();
  }
}

describe('Parquet files read back in DuckDB as the earlier encoder wrote them', () => {
  it('hold the same rows and values in every column of every table', async () => {
    const recs = records();
    const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
    for (const r of recs) engine.push(r);
    await engine.flush();
    const findings = await engine.end();
    const sink = new MemoryObjectSink();
    await writeBatch({ records: recs, findings, objectId: 'golden', routes: DEFAULT_CONFIG.routes, writtenAt: RECEIVED }, sink);
    const dir = mkdtempSync(join(tmpdir(), 'logsift-golden-'));
    for (const [key, body] of sink.objects) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      writeFileSync(join(dir, key), body);
    }
    const got = await readBack(dir);
    for (const t of TABLE_NAMES) expect(got[t].length, t).toBeGreaterThan(0);
    if (process.env.GOLDEN_UPDATE === '1') {
      mkdirSync(dirname(GOLDEN.pathname), { recursive: true });
      writeFileSync(GOLDEN, JSON.stringify(got, null, 1) + '\n');
    }
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown[]>;
    for (const t of TABLE_NAMES) expect(got[t], t).toEqual(golden[t]);
  });
});
