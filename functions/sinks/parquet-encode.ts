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
  private readonly columns: ColumnBuilder[];
  private readonly addRow: RowAdder;
  private rows = 0;
  /** The file's bytes as they are written; kept for the writer's next file (see reset). */
  private bytes: ByteWriter | undefined;

  constructor(
    private readonly table: TableSchema,
    private readonly codec: Codec = DEFAULT_CODEC,
  ) {
    this.columns = table.columns.map((c) => columnBuilder(c));
    this.addRow = rowAdder(table);
  }

  get rowCount(): number {
    return this.rows;
  }

  add(row: Row): void {
    this.addRow(this.columns, row);
    this.rows++;
  }

  /** Empty again after `finish`, for the next file of the same table (its builders' buffers kept). */
  reset(): void {
    for (const c of this.columns) for (const leaf of c.leaves) leaf.reset();
    this.rows = 0;
  }

  finish(): Uint8Array {
    // The file's bytes are copied out at the end (getBuffer), so a reused writer's buffer is free again.
    const writer = (this.bytes ??= new ByteWriter(1 << 16));
    writer.offset = 0;
    writer.index = 0;
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

type RowAdder = (columns: readonly ColumnBuilder[], row: Row) => void;
const rowAdders = new WeakMap<TableSchema, RowAdder>();

/**
 * A table's row function, `c[0].add(row.event_id); c[1].add(row.time); …`, written out once per
 * table from its schema and kept for the process. A loop doing `c[i].add(row[names[i]])` has one
 * keyed load site for every column name, which goes megamorphic (~45 M instructions a
 * 10,000-row batch in V8's generic lookup); here each column's load and call has a site of its
 * own, which sees one shape of row and one builder class. The names are the schema's own,
 * JSON-quoted, never input.
 */
function rowAdder(table: TableSchema): RowAdder {
  let add = rowAdders.get(table);
  if (add === undefined) {
    const body = table.columns.map((c, i) => `c[${i}].add(row[${JSON.stringify(c.name)}]);`).join(' ');
    add = new Function('c', 'row', body) as RowAdder;
    rowAdders.set(table, add);
  }
  return add;
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

/**
 * One column's builder: takes the column's value of each row into its leaves. Classes rather
 * than closures per file: optimized code that inlined a closure holds that closure (and the
 * leaves it captured) and is thrown away once a batch's writers are collected, so every batch
 * compiled the hot path again; methods are inlined by class.
 */
abstract class ColumnBuilder {
  readonly leaves: Leaf[];
  readonly name: string;
  protected readonly leaf: Leaf;
  /** Definition level of an empty list or map (0 when the column is required). */
  protected readonly present: number;
  private readonly nullable: boolean;

  constructor(c: Column) {
    this.leaves = leavesOf(c);
    this.name = c.name;
    this.leaf = this.leaves[0];
    this.nullable = c.nullable;
    this.present = c.nullable ? 1 : 0;
  }

  abstract add(v: unknown): void;

  protected missing(): void {
    if (!this.nullable) throw new Error(`parquet required value is missing: ${this.name}`);
  }
}

/** string, binary, int32: the value as is. */
class ScalarColumn extends ColumnBuilder {
  add(v: unknown): void {
    if (v === null || v === undefined) return this.missing(), this.leaf.empty(0, 0);
    this.leaf.value(v as string | number | Uint8Array, 0);
  }
}

class Int64Column extends ColumnBuilder {
  add(v: unknown): void {
    if (v === null || v === undefined) return this.missing(), this.leaf.empty(0, 0);
    if (!Number.isSafeInteger(v)) throw new Error(`parquet ${this.name}: not an integer: ${String(v)}`);
    this.leaf.value(v as number, 0);
  }
}

class JsonColumn extends ColumnBuilder {
  add(v: unknown): void {
    if (v === null || v === undefined) return this.missing(), this.leaf.empty(0, 0);
    this.leaf.value(JSON.stringify(v), 0);
  }
}

/** Record times as µs; the same time string in row after row (received_time, a burst of one second) is parsed once. */
class TimestampColumn extends ColumnBuilder {
  private lastText = '';
  private lastMicros = 0;

  add(v: unknown): void {
    if (v === null || v === undefined) return this.missing(), this.leaf.empty(0, 0);
    if (v !== this.lastText) {
      this.lastMicros = recordTimeMicros(v as string);
      this.lastText = v as string;
    }
    this.leaf.value(this.lastMicros, 0);
  }
}

class StringListColumn extends ColumnBuilder {
  add(v: unknown): void {
    const leaf = this.leaf;
    if (v === null || v === undefined) return this.missing(), leaf.empty(0, 0);
    const list = v as readonly string[];
    if (list.length === 0) return leaf.empty(this.present, 0);
    for (let i = 0; i < list.length; i++) leaf.value(list[i], i === 0 ? 0 : 1);
  }
}

class StringMapColumn extends ColumnBuilder {
  add(v: unknown): void {
    const leaf = this.leaf;
    const second = this.leaves[1];
    if (v === null || v === undefined) return this.missing(), leaf.empty(0, 0), second.empty(0, 0);
    const m = v as Record<string, string>;
    let rep = 0;
    for (const key in m) {
      leaf.value(key, rep);
      second.value(m[key], rep);
      rep = 1;
    }
    if (rep === 0) leaf.empty(this.present, 0), second.empty(this.present, 0);
  }
}

class StringMapMapColumn extends ColumnBuilder {
  add(v: unknown): void {
    const leaf = this.leaf;
    const second = this.leaves[1];
    const third = this.leaves[2];
    const present = this.present;
    if (v === null || v === undefined) return this.missing(), leaf.empty(0, 0), second.empty(0, 0), third.empty(0, 0);
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
  }
}

function columnBuilder(c: Column): ColumnBuilder {
  switch (c.kind) {
    case 'string':
    case 'binary':
    case 'int32':
      return new ScalarColumn(c);
    case 'int64':
      return new Int64Column(c);
    case 'json':
      return new JsonColumn(c);
    case 'timestamp':
      return new TimestampColumn(c);
    case 'string_list':
      return new StringListColumn(c);
    case 'string_map':
      return new StringMapColumn(c);
    case 'string_map_map':
      return new StringMapMapColumn(c);
  }
}

let parsedPrefix = '';
let parsedSecondMicros = 0;

/**
 * µs since the Unix epoch of a record time (`YYYY-MM-DDTHH:MM:SS.ffffffZ`) as a number: µs
 * timestamps are safe integers, so no BigInt per row; the second is parsed once per distinct
 * one, and the fraction digit by digit (no substring per row).
 */
function recordTimeMicros(t: string): number {
  if (t.length !== 27) throw new Error(`not a record time: ${t.slice(0, 40)}`);
  if (parsedPrefix === '' || !t.startsWith(parsedPrefix)) {
    const ms = Date.parse(t.slice(0, 19) + 'Z');
    if (Number.isNaN(ms)) throw new Error(`not a record time: ${t.slice(0, 40)}`);
    parsedPrefix = t.slice(0, 20);
    parsedSecondMicros = ms * 1000;
  }
  let micros = 0;
  for (let i = 20; i < 26; i++) {
    const d = t.charCodeAt(i) - 48;
    // Not six digits: what Number() makes of them, as before.
    if (d < 0 || d > 9) return parsedSecondMicros + Number(t.slice(20, 26));
    micros = micros * 10 + d;
  }
  return parsedSecondMicros + micros;
}
