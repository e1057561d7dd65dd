import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTimeMicros } from '../../functions/shared/time.js';
import { encodeParquet, TableWriter, type Row } from '../../functions/sinks/parquet-encode.js';
import { parquetSchema, TABLES, type Column } from '../../functions/sinks/table-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'logsift-encode-'));
let n = 0;
let db: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`SET TimeZone = 'UTC'`);
});
afterAll(() => db.closeSync());

/** The file's rows as DuckDB reads them, every column as JSON, in row order. */
async function readBack(bytes: Uint8Array): Promise<unknown[]> {
  const file = join(dir, `f${++n}.parquet`);
  writeFileSync(file, bytes);
  const rows = await db.runAndReadAll(`SELECT to_json(t)::VARCHAR AS j FROM read_parquet('${file}') t`);
  return rows.getRowObjectsJson().map((r) => JSON.parse(r.j as string));
}

/** The same rows through hyparquet-writer's own parquetWriteBuffer (its Dremel walk, Snappy): the reference. */
function viaLibrary(rows: Row[]): Uint8Array {
  const convert = (c: Column, v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (c.kind === 'timestamp') return recordTimeMicros(v as string);
    if (c.kind === 'int64') return BigInt(v as number);
    if (c.kind === 'string_map') return Object.entries(v as Record<string, string>).map(([key, value]) => ({ key, value }));
    if (c.kind === 'string_map_map')
      return Object.entries(v as Record<string, Record<string, string>>).map(([key, inner]) => ({ key, value: Object.entries(inner).map(([k, x]) => ({ key: k, value: x })) }));
    return v;
  };
  const columnData = TABLES.logs.columns.map((c) => ({ name: c.name, data: rows.map((r) => convert(c, r[c.name])) }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema: parquetSchema(TABLES.logs), codec: 'SNAPPY', rowGroupSize: Math.max(rows.length, 1) }));
}

const MAPS: (Record<string, string> | null)[] = [{ a: '1', b: '2' }, {}, null, { only: 'x' }, { k: '', 'ü': 'ö' }, {}];

function row(i: number, message = `message ${i} ✓`): Row {
  return {
    event_id: `e${String(i).padStart(8, '0')}`,
    time: i % 2 ? null : `2026-11-26T02:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0').slice(-6)}Z`,
    received_time: '2026-11-26T02:00:00.000000Z',
    host: i % 3 ? `cp-${i % 4}` : null,
    source_format: 'journald',
    pid: i % 2 ? 1000 + i : null,
    facility: 3,
    facility_name: 'daemon',
    severity: i % 8,
    severity_name: 'info',
    corrections: i % 2 ? ['facility'] : i % 5 === 0 ? ['a', 'b'] : [],
    structured_data: i % 3 === 1 ? { 'meta@1': { a: 'b', c: `${i}` }, empty: {} } : i % 3 === 2 ? {} : null,
    message,
    fields: MAPS[i % MAPS.length] ?? {},
  };
}

describe('encodeParquet', () => {
  it('reads back in DuckDB as hyparquet-writer’s own writer’s file of the same rows: nulls, empty and nested maps, lists, UTF-8', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    for (const count of [1, 7, rows.length]) {
      const expected = await readBack(viaLibrary(rows.slice(0, count)));
      expect(expected).toHaveLength(count);
      for (const codec of ['GZIP', 'SNAPPY'] as const) expect(await readBack(encodeParquet(TABLES.logs, rows.slice(0, count), codec)), `${count} ${codec}`).toEqual(expected);
    }
  });

  it('writes an empty file DuckDB reads as no rows', async () => {
    expect(await readBack(encodeParquet(TABLES.logs, []))).toEqual([]);
  });

  it('splits columns over 1 MiB into several pages, and keeps every value (dictionary kept or given up)', async () => {
    // 3000 rows of about 1 KB messages: the message leaf spans several pages; half repeat (dictionary), half are unique.
    const rows = Array.from({ length: 3000 }, (_, i) => row(i, (i % 2 ? `unique ${i} ` : 'repeated ').repeat(100)));
    const got = (await readBack(encodeParquet(TABLES.logs, rows))) as { message: string; event_id: string }[];
    expect(got.map((r) => r.message)).toEqual(rows.map((r) => r.message));
    expect(got.map((r) => r.event_id)).toEqual(rows.map((r) => r.event_id));
    const file = join(dir, `f${n}.parquet`);
    const meta = await db.runAndReadAll(`SELECT total_uncompressed_size::BIGINT AS u, compression FROM parquet_metadata('${file}') WHERE path_in_schema = 'message'`);
    const [{ u, compression }] = meta.getRowObjectsJson() as { u: string; compression: string }[];
    expect(Number(u)).toBeGreaterThan(2 * 1048576); // so at least three pages
    expect(compression).toBe('GZIP');
    expect(await readBack(viaLibrary(rows))).toEqual(got);
  });

  it('takes rows one at a time through TableWriter, the same file as encodeParquet', () => {
    const rows = Array.from({ length: 25 }, (_, i) => row(i));
    const w = new TableWriter(TABLES.logs);
    for (const r of rows) w.add(r);
    expect(w.rowCount).toBe(25);
    expect(Buffer.from(w.finish())).toEqual(Buffer.from(encodeParquet(TABLES.logs, rows)));
  });

  it('writes the same files reused (reset) as new, a dictionary given up in one file and kept in the next', () => {
    const files = [
      Array.from({ length: 1100 }, (_, i) => row(i)), // distinct messages: the dictionary is given up at 1,024
      Array.from({ length: 30 }, (_, i) => row(i, 'same')), // kept
      Array.from({ length: 1500 }, (_, i) => row(i + 7)), // given up again, in the buffer kept from the first
      [],
      Array.from({ length: 3 }, (_, i) => row(i)),
    ];
    const w = new TableWriter(TABLES.logs);
    for (const rows of files) {
      for (const r of rows) w.add(r);
      expect(Buffer.from(w.finish())).toEqual(Buffer.from(encodeParquet(TABLES.logs, rows)));
      w.reset();
      expect(w.rowCount).toBe(0);
    }
  });

  it('writes the same file from a writer reset after finishing another (dictionaries kept or given up before)', () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({ ...row(i), message: `distinct ${i}`, host: `h${i % 3}` }));
    const few = Array.from({ length: 30 }, (_, i) => ({ ...row(i), message: i % 2 ? 'same' : 'other' }));
    const w = new TableWriter(TABLES.logs);
    for (const rows of [many, few, many, few]) {
      for (const r of rows) w.add(r);
      expect(Buffer.from(w.finish())).toEqual(Buffer.from(encodeParquet(TABLES.logs, rows)));
      w.reset();
    }
  });

  it('refuses a null in a required column', () => {
    expect(() => encodeParquet(TABLES.logs, [{ ...row(0), event_id: null }])).toThrow(/required value is missing: event_id/);
  });
});
