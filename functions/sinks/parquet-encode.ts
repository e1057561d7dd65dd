import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { Leaf, writeLeaf, type Codec, type LeafEncoding, type WrittenChunk } from './column-chunk.js';
import { parquetElements, parquetSchema, type Column, type ColumnKind, type TableSchema } from './table-schema.js';

export type Row = Record<string, unknown>;
export type { Codec } from './column-chunk.js';

/**
 * Compression of every page. GZIP through Node's zlib (native, level 1) against hyparquet-writer's
 * JavaScript Snappy: less CPU and about half the bytes (bench/parquet-writers.ts, docs/tables.md).
 * DuckDB, Athena (Trino) and every Parquet library read GZIP pages. Node 20 has no zstd in zlib.
 */
export const DEFAULT_CODEC: Codec = 'GZIP';

// Min/max statistics are kept where a query can skip row groups by them (times, numbers); on
// text, map and list columns they prune next to nothing and cost time to gather.
const STATISTICS = new Set<ColumnKind>(['timestamp', 'int32', 'int64']);

/** Columns whose values are unique per row: no dictionary is tried for them. */
const UNIQUE = new Set(['event_id']);

/**
 * A dictionary for map keys (a few dozen names) but not for map values: the values of every key
 * share one leaf (cursors, timestamps, ids next to unit names), and gzip packs their text smaller
 * than it packs wide dictionary indexes (`fields` of 10,000 records: 189 KB plain, 222 KB with a
 * dictionary, and less CPU).
 */
const isMapValue = (c: Column, e: SchemaElement): boolean => (c.kind === 'string_map' || c.kind === 'string_map_map') && e.name === 'value';

/**
 * Rows of one table as a Parquet file of one row group: every column's values are taken from
 * each row once, as the row arrives, into per-leaf builders (levels and values), and written
 * column by column at the end (column-chunk.ts) with hyparquet-writer's header, page header and
 * footer serialization. The schema is the table's (table-schema.ts): MAP, LIST and
 * TIMESTAMP(µs, UTC) columns that DuckDB and Athena read natively.
 */
export function encodeParquet(table: TableSchema, rows: readonly Row[], codec: Codec = DEFAULT_CODEC): Uint8Array {
  const w = new TableWriter(table, codec);
  for (let i = 0; i < rows.length; i++) w.add(rows[i]);
  return w.finish();
}

/**
 * The column builders of one file: `add` each row (it keeps the row's values, not the row),
 * then `finish` once for the file's bytes.
 */
export class TableWriter {
  private readonly columns: { name: string; add: (v: unknown) => void; leaves: Leaf[] }[];
  private rows = 0;

  constructor(
    private readonly table: TableSchema,
    private readonly codec: Codec = DEFAULT_CODEC,
  ) {
    this.columns = table.columns.map((c) => columnBuilder(c));
  }

  get rowCount(): number {
    return this.rows;
  }

  add(row: Row): void {
    const cols = this.columns;
    for (let i = 0; i < cols.length; i++) cols[i].add(row[cols[i].name]);
    this.rows++;
  }

  /** Empty again, buffers kept (Leaf.reset): for the next file of the same table. */
  reset(): void {
    for (const c of this.columns) for (const leaf of c.leaves) leaf.reset();
    this.rows = 0;
  }

  finish(): Uint8Array {
    const writer = new ByteWriter(1 << 16);
    const pq = new ParquetWriter({ writer, schema: parquetSchema(this.table), codec: this.codec, createdBy: 'logsift' });
    if (this.rows > 0) {
      const start = writer.offset;
      const written: WrittenChunk[] = [];
      for (const c of this.columns) for (const leaf of c.leaves) written.push(writeLeaf(writer, leaf, this.codec));
      let total_byte_size = 0n;
      for (const { chunk } of written) total_byte_size += chunk.meta_data?.total_uncompressed_size ?? 0n;
      const num_rows = BigInt(this.rows);
      pq.num_rows += num_rows;
      pq.row_groups.push({ columns: written.map((w) => w.chunk), total_byte_size, num_rows, total_compressed_size: BigInt(writer.offset - start) });
      for (const w of written) pq.pendingIndexes.push(w);
    }
    pq.finish();
    return new Uint8Array(writer.getBuffer());
  }
}

/** The leaves of a column in schema order, with their paths and maximum levels. */
function leavesOf(c: Column): Leaf[] {
  const elements = parquetElements(c);
  const leaves: Leaf[] = [];
  let i = 0;
  const walk = (path: string[], def: number, rep: number): void => {
    const e: SchemaElement = elements[i++];
    const here = [...path, e.name];
    const d = e.repetition_type === 'REQUIRED' ? def : def + 1;
    const r = e.repetition_type === 'REPEATED' ? rep + 1 : rep;
    if (e.num_children === undefined) {
      const dictionary = e.type === 'BYTE_ARRAY' && e.converted_type === 'UTF8' && !UNIQUE.has(c.name) && !isMapValue(c, e);
      const encoding: LeafEncoding = dictionary ? 'dictionary' : 'plain';
      leaves.push(new Leaf(here, e, d, r, encoding, STATISTICS.has(c.kind)));
      return;
    }
    for (let k = 0; k < e.num_children; k++) walk(here, d, r);
  };
  walk([], 0, 0);
  return leaves;
}

function columnBuilder(c: Column): { name: string; add: (v: unknown) => void; leaves: Leaf[] } {
  const leaves = leavesOf(c);
  const name = c.name;
  const present = c.nullable ? 1 : 0;
  const missing = (): void => {
    if (!c.nullable) throw new Error(`parquet required value is missing: ${name}`);
  };
  const [leaf, second, third] = leaves;
  let add: (v: unknown) => void;
  switch (c.kind) {
    case 'string':
    case 'binary':
    case 'int32':
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0);
        leaf.value(v as string | number | Uint8Array, 0);
      };
      break;
    case 'int64':
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0);
        if (!Number.isSafeInteger(v)) throw new Error(`parquet ${name}: not an integer: ${String(v)}`);
        leaf.value(v as number, 0);
      };
      break;
    case 'json':
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0);
        leaf.value(JSON.stringify(v), 0);
      };
      break;
    case 'timestamp': {
      // The same time string in a row after row (received_time, a burst of one second) is parsed once.
      let lastText = '';
      let lastMicros = 0;
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0);
        if (v !== lastText) {
          lastMicros = recordTimeMicros(v as string);
          lastText = v as string;
        }
        leaf.value(lastMicros, 0);
      };
      break;
    }
    case 'string_list':
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0);
        const list = v as readonly string[];
        if (list.length === 0) return leaf.empty(present, 0);
        for (let i = 0; i < list.length; i++) leaf.value(list[i], i === 0 ? 0 : 1);
      };
      break;
    case 'string_map':
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0), second.empty(0, 0);
        const m = v as Record<string, string>;
        let rep = 0;
        for (const key in m) {
          leaf.value(key, rep);
          second.value(m[key], rep);
          rep = 1;
        }
        if (rep === 0) leaf.empty(present, 0), second.empty(present, 0);
      };
      break;
    case 'string_map_map':
      add = (v) => {
        if (v === null || v === undefined) return missing(), leaf.empty(0, 0), second.empty(0, 0), third.empty(0, 0);
        const m = v as Record<string, Record<string, string>>;
        let outer = 0;
        for (const key in m) {
          leaf.value(key, outer);
          const inner = m[key];
          let rep = outer;
          for (const k in inner) {
            second.value(k, rep);
            third.value(inner[k], rep);
            rep = 2;
          }
          // An entry whose inner map is empty: the outer entry is there, its key_value is not.
          if (rep === outer) second.empty(present + 1, outer), third.empty(present + 1, outer);
          outer = 1;
        }
        if (outer === 0) leaf.empty(present, 0), second.empty(present, 0), third.empty(present, 0);
      };
      break;
  }
  return { name, add, leaves };
}

let parsedPrefix = '';
let parsedSecondMicros = 0;

/**
 * µs since the Unix epoch of a record time (`YYYY-MM-DDTHH:MM:SS.ffffffZ`) as a number: µs
 * timestamps are safe integers, so no BigInt per row; the second is parsed once per distinct one.
 */
function recordTimeMicros(t: string): number {
  if (t.length !== 27) throw new Error(`not a record time: ${t.slice(0, 40)}`);
  const prefix = t.slice(0, 20);
  if (prefix !== parsedPrefix) {
    const ms = Date.parse(t.slice(0, 19) + 'Z');
    if (Number.isNaN(ms)) throw new Error(`not a record time: ${t.slice(0, 40)}`);
    parsedPrefix = prefix;
    parsedSecondMicros = ms * 1000;
  }
  return parsedSecondMicros + Number(t.slice(20, 26));
}
