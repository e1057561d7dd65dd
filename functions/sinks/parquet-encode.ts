import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { encodeNestedValues } from 'hyparquet-writer/src/dremel.js';
import { schemaPathResolver } from 'hyparquet-writer/src/schema.js';
import { recordTimeMicros } from '../shared/time.js';
import { stringMapLeaves, type LeafPage } from './map-levels.js';
import { parquetSchema, type Column, type ColumnKind, type TableSchema } from './table-schema.js';

export type Row = Record<string, unknown>;

// Min/max statistics are kept where a query can skip row groups by them (times, numbers); on
// text, map and list columns they prune next to nothing and cost about a quarter of the write
// (bench/parquet-writers.ts). Partitions already prune by dt and hour.
const STATISTICS = new Set<ColumnKind>(['timestamp', 'int32', 'int64']);
// hyparquet-writer's defaults, as parquetWriteBuffer passes them.
const PAGE_SIZE = 1048576;

type Tree = ReturnType<ReturnType<typeof schemaPathResolver>>[number];

/**
 * Rows of one table to one Parquet file, one row group (hyparquet-writer, Snappy: pure JS, chosen
 * by bench/parquet-writers.ts, see docs/tables.md). Rows are objects keyed by column name, as the
 * JSON Schema describes them. The row group is written column by column with hyparquet-writer's
 * own column writer; only the Dremel levels of string maps are built here (map-levels.ts), the
 * rest go through the library's walk. The file is what parquetWriteBuffer writes for the same
 * columns (same schema, encodings, statistics, indexes).
 */
export function encodeParquet(table: TableSchema, rows: readonly Row[]): Uint8Array {
  const writer = new ByteWriter();
  const pq = new ParquetWriter({ writer, schema: parquetSchema(table), codec: 'SNAPPY', createdBy: 'logsift' });
  if (rows.length > 0) writeRowGroup(pq, table, rows);
  pq.finish();
  return new Uint8Array(writer.getBuffer());
}

/** All rows as one row group: objects are one batch or chunk, and readers skip by partition. */
function writeRowGroup(pq: ParquetWriter, table: TableSchema, rows: readonly Row[]): void {
  const writer = pq.writer;
  const resolve = schemaPathResolver(pq.schema);
  const start = writer.offset;
  const chunks = [];
  for (const c of table.columns) {
    for (const [leafPath, pageData] of leafPages(c, resolve([c.name]), rows)) {
      const schemaPath = leafPath.map((n) => n.element);
      const result = writeColumn({
        writer,
        column: {
          columnName: schemaPath.slice(1).map((s) => s.name).join('.'),
          element: schemaPath[schemaPath.length - 1],
          schemaPath,
          codec: 'SNAPPY',
          compressors: pq.compressors,
          stats: STATISTICS.has(c.kind),
          pageSize: PAGE_SIZE,
          columnIndex: false,
          offsetIndex: true,
        },
        pageData,
      });
      chunks.push(result.chunk);
      pq.pendingIndexes.push(result);
    }
  }
  let total_byte_size = 0n;
  for (const { meta_data } of chunks) total_byte_size += meta_data?.total_uncompressed_size ?? 0n;
  const num_rows = BigInt(rows.length);
  pq.num_rows += num_rows;
  pq.row_groups.push({ columns: chunks, total_byte_size, num_rows, total_compressed_size: BigInt(writer.offset - start) });
}

/** Each leaf of a column with its values and levels. */
function leafPages(c: Column, columnPath: Tree[], rows: readonly Row[]): [Tree[], LeafPage | ReturnType<typeof encodeNestedValues>][] {
  const name = c.name;
  if (c.kind === 'string_map') {
    const maps = rows.map((r) => r[name] as Record<string, string> | null | undefined);
    const { keys, values } = stringMapLeaves(maps, c.nullable);
    const keyValue = columnPath[columnPath.length - 1].children[0];
    const [key, value] = keyValue.children;
    return [
      [[...columnPath, keyValue, key], keys],
      [[...columnPath, keyValue, value], values],
    ];
  }
  const data = columnValues(c, rows);
  return leafPaths(columnPath).map((path) => [path, encodeNestedValues(path, data)]);
}

/** Every path from the column to a primitive leaf, depth first (schema order). */
function leafPaths(path: Tree[]): Tree[][] {
  const node = path[path.length - 1];
  if (node.children.length === 0) return [path];
  return node.children.flatMap((child) => leafPaths([...path, child]));
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
