import { parquetWriteBuffer } from 'hyparquet-writer';
import { recordTimeMicros } from '../shared/time.js';
import { parquetSchema, type Column, type ColumnKind, type TableSchema } from './table-schema.js';

export type Row = Record<string, unknown>;

// Min/max statistics are kept where a query can skip row groups by them (times, numbers); on
// text, map and list columns they prune next to nothing and cost about a quarter of the write
// (bench/parquet-writers.ts). Partitions already prune by dt and hour.
const STATISTICS = new Set<ColumnKind>(['timestamp', 'int32', 'int64']);

/**
 * Rows of one table to one Parquet file (hyparquet-writer, Snappy: pure JS, chosen by
 * bench/parquet-writers.ts, see docs/tables.md). Rows are objects keyed by column name, as the
 * JSON Schema describes them; values are turned into what the Parquet column holds here.
 */
export function encodeParquet(table: TableSchema, rows: readonly Row[]): Uint8Array {
  const columnData = table.columns.map((c) => ({ name: c.name, data: columnValues(c, rows), statistics: STATISTICS.has(c.kind) }));
  const buffer = parquetWriteBuffer({
    columnData,
    schema: parquetSchema(table),
    codec: 'SNAPPY',
    // One row group per object: objects are one batch or chunk, and readers skip by partition.
    rowGroupSize: Math.max(rows.length, 1),
    createdBy: 'logsift',
  });
  return new Uint8Array(buffer);
}

function columnValues(c: Column, rows: readonly Row[]): unknown[] {
  const out = new Array<unknown>(rows.length);
  const name = c.name;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][name];
    out[i] = v === null || v === undefined ? null : convert(c, v);
  }
  return out;
}

function convert(c: Column, v: unknown): unknown {
  switch (c.kind) {
    case 'timestamp':
      return recordTimeMicros(v as string);
    case 'int64':
      return BigInt(v as number);
    case 'json':
      return JSON.stringify(v);
    case 'string_map':
      return mapEntries(v as Record<string, string>);
    case 'string_map_map': {
      const out: { key: string; value: unknown }[] = [];
      for (const [key, inner] of Object.entries(v as Record<string, Record<string, string>>)) out.push({ key, value: mapEntries(inner) });
      return out;
    }
    default:
      return v;
  }
}

/** Map entries in the shape the writer takes as is (it would build them itself, at twice the cost). */
function mapEntries(m: Record<string, string>): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const key in m) out.push({ key, value: m[key] });
  return out;
}
