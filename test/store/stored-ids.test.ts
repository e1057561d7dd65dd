import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { DirectoryObjectSink } from '../../functions/sinks/directory-sink.js';
import { DedupWriter } from '../../functions/store/dedup-writer.js';
import { IdSet, StoredIds } from '../../functions/store/stored-ids.js';
import { eventIdFor } from '../../functions/pipeline/event-id.js';
import type { LogRecord } from '../../functions/shared/record.js';

describe('IdSet', () => {
  it('tells every id apart, hex or not', () => {
    const set = new IdSet();
    const ids = Array.from({ length: 2000 }, (_, i) => eventIdFor(String(i)));
    for (const id of ids.slice(0, 1000)) set.add(id);
    for (const id of ids.slice(0, 1000)) expect(set.has(id)).toBe(true);
    for (const id of ids.slice(1000)) expect(set.has(id)).toBe(false);
    // Not hex, or upper case: kept whole, never equal to a compacted id.
    const odd = ['zz' + ids[0].slice(2), ids[1].toUpperCase(), 'short'];
    for (const id of odd) expect(set.has(id)).toBe(false);
    for (const id of odd) set.add(id);
    for (const id of odd) expect(set.has(id)).toBe(true);
    expect(set.size).toBe(1003);
  });
});

describe('DedupWriter', () => {
  const record = (id: string, time: string | null): LogRecord =>
    ({
      event_id: eventIdFor(id), time, received_time: '2026-11-26T05:00:00.000000Z', host: 'h', cluster: null, source_format: 'plain', transport: null,
      app: null, procid: null, pid: null, unit: null, facility: 1, facility_name: 'user', severity: 6, severity_name: 'info', facility_received: null,
      severity_received: null, corrections: [], msgid: null, structured_data: null, message: id, message_encoding: null, parse_error: null, version: null, fields: {},
    }) as LogRecord;

  it('writes each event id once per table, across writers and partitions of untimed rows', async () => {
    const root = mkdtempSync(join(tmpdir(), 'logsift-dedup-'));
    const first = new DedupWriter(new DirectoryObjectSink(root), new StoredIds(root), DEFAULT_CONFIG.routes);
    const a = await first.write([record('a', '2026-11-26T01:00:00.000000Z'), record('b', null), record('a', '2026-11-26T01:00:00.000000Z')]);
    expect(a.rows.logs).toBe(2);
    expect(a.alreadyStored).toBe(1);
    // A later writer (another run): the untimed row arrives with another receive time.
    const later = { ...record('b', null), received_time: '2026-12-01T09:00:00.000000Z' };
    const second = new DedupWriter(new DirectoryObjectSink(root), new StoredIds(root), DEFAULT_CONFIG.routes);
    const b = await second.write([record('a', '2026-11-26T01:00:00.000000Z'), later, record('c', '2026-11-26T02:00:00.000000Z')]);
    expect(b.rows.logs).toBe(1);
    expect(b.alreadyStored).toBe(2);
  });
});
