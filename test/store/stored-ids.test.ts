import { mkdtempSync, readdirSync } from 'node:fs';
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

  it('keeps every id through growth, the all-zero id and ids differing in one word apart', () => {
    const set = new IdSet();
    const ids = Array.from({ length: 50_000 }, (_, i) => eventIdFor(`g${i}`));
    for (const id of ids) expect(set.addNew(id)).toBe(true);
    for (const id of ids) expect(set.addNew(id)).toBe(false);
    expect(set.size).toBe(50_000);
    for (const id of ids) expect(set.has(id)).toBe(true);
    const zero = '0'.repeat(32);
    expect(set.has(zero)).toBe(false);
    expect(set.addNew(zero)).toBe(true);
    expect(set.addNew(zero)).toBe(false);
    expect(set.has(zero)).toBe(true);
    expect([set.addNew('not hex'), set.addNew('not hex')]).toEqual([true, false]);
    // Same first and last words (the hash), different middle: both kept, neither implies the other.
    const a = 'ab'.repeat(16);
    const b = a.slice(0, 12) + 'ff' + a.slice(14);
    set.add(a);
    expect(set.has(b)).toBe(false);
    set.add(b);
    expect(set.has(a) && set.has(b)).toBe(true);
    expect(set.size).toBe(50_004);
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

  it('adds records as they come, writes an object per full segment and the rest on flush, each id once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'logsift-dedup-'));
    const writer = new DedupWriter(new DirectoryObjectSink(root), new StoredIds(root), DEFAULT_CONFIG.routes, { segmentRows: 3 });
    const at = (id: string): LogRecord => record(id, '2026-11-26T01:00:00.000000Z');
    const first = await writer.add([at('a'), at('b'), at('a')]);
    expect(first).toMatchObject({ objects: 0, alreadyStored: 1 });
    // 'c' fills the segment of three: written; 'b' again is a copy of a pending row.
    const second = await writer.add([at('c'), at('b'), at('d')]);
    expect(second).toMatchObject({ objects: 1, alreadyStored: 1 });
    expect(second.rows.logs).toBe(3);
    const rest = await writer.flush();
    expect(rest).toMatchObject({ objects: 1 });
    expect(rest.rows.logs).toBe(1);
    const hour = join(root, 'logs', 'dt=2026-11-26', 'hour=01');
    expect(readdirSync(hour).filter((n) => n.endsWith('.parquet'))).toHaveLength(2);
    // A later writer finds all four stored.
    const again = await new DedupWriter(new DirectoryObjectSink(root), new StoredIds(root), DEFAULT_CONFIG.routes).write([at('a'), at('b'), at('c'), at('d')]);
    expect(again).toMatchObject({ objects: 0, alreadyStored: 4 });
  });
});
