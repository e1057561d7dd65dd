import { gzipSync } from 'node:zlib';
import type { ColumnChunk, SchemaElement } from 'hyparquet';
import type { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { ByteBuffer, writeHybrid } from './byte-buffer.js';

/** Compression of data and dictionary pages. GZIP is zlib's (native); SNAPPY is hyparquet-writer's, in JavaScript. */
export type Codec = 'GZIP' | 'SNAPPY';

/** How a leaf's values are written: a dictionary when it pays (tried, given up early), or plain (unique values, bytes). */
export type LeafEncoding = 'dictionary' | 'plain';

/** Values per page aim at this many bytes (hyparquet-writer's default); a page ends on a row boundary. */
const PAGE_SIZE = 1048576;

/** Growable bytes for levels: one per value slot. */
class Levels {
  data = new Uint8Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * One primitive leaf of a column (a flat column is its own leaf; a LIST has one, a MAP two or
 * three): its Dremel levels and its non-null values, filled value by value as records arrive,
 * written as one column chunk at the end.
 */
export class Leaf {
  /** Definition levels (absent when the leaf is required and unnested). */
  readonly def: Levels | null;
  /** Repetition levels (absent when nothing above the leaf repeats). */
  readonly rep: Levels | null;
  /** Non-null values: strings, byte arrays, or numbers (INT64 too: µs timestamps are safe integers). */
  readonly values: (string | number | Uint8Array)[] = [];
  /** Value slots (nulls and empty lists included). */
  slots = 0;

  constructor(
    readonly path: string[],
    readonly element: SchemaElement,
    readonly maxDef: number,
    readonly maxRep: number,
    readonly encoding: LeafEncoding,
    /** Min/max statistics (times and numbers: they let a reader skip row groups). */
    readonly stats: boolean,
  ) {
    this.def = maxDef > 0 ? new Levels() : null;
    this.rep = maxRep > 0 ? new Levels() : null;
  }

  /** A present value at the leaf's full definition level. */
  value(v: string | number | Uint8Array, rep: number): void {
    if (this.def !== null) this.def.push(this.maxDef);
    if (this.rep !== null) this.rep.push(rep);
    this.values.push(v);
    this.slots++;
  }

  /** No value here: a null or empty container at definition level `def`. */
  empty(def: number, rep: number): void {
    if (this.def === null) throw new Error(`parquet required value is missing in ${this.path.join('.')}`);
    this.def.push(def);
    if (this.rep !== null) this.rep.push(rep);
    this.slots++;
  }
}

interface Page {
  slotStart: number;
  slotEnd: number;
  valueStart: number;
  valueEnd: number;
  rows: number;
}

/** Scratch buffers reused across chunks and files (one encoder runs at a time per process). */
const pageBytes = new ByteBuffer(1 << 20);
const levelBytes = new ByteBuffer(1 << 16);

export interface WrittenChunk {
  chunk: ColumnChunk;
  offsetIndex?: { page_locations: { offset: bigint; compressed_page_size: number; first_row_index: bigint }[] };
}

/** Writes one leaf as a column chunk (optional dictionary page, then data pages v2) at the writer's end. */
export function writeLeaf(writer: ByteWriter, leaf: Leaf, codec: Codec): WrittenChunk {
  const type = leaf.element.type!;
  const offsetStart = writer.offset;
  let uncompressed = 0;
  const dict = leaf.encoding === 'dictionary' && type === 'BYTE_ARRAY' ? dictionaryOf(leaf.values as string[]) : null;

  let dictionary_page_offset: bigint | undefined;
  if (dict !== null) {
    dictionary_page_offset = BigInt(writer.offset);
    pageBytes.reset();
    for (const s of dict.entries) pageBytes.string(s);
    const raw = pageBytes.length;
    const body = compress(pageBytes.view(), codec);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DICTIONARY_PAGE',
      uncompressed_page_size: raw,
      compressed_page_size: body.length,
      dictionary_page_header: { num_values: dict.entries.length, encoding: 'PLAIN' },
    });
    writer.appendBytes(body);
    uncompressed += writer.offset - headerStart - body.length + raw;
  }

  const encoding = dict !== null ? 'RLE_DICTIONARY' : 'PLAIN';
  const bitWidth = dict !== null ? bitsFor(dict.entries.length - 1) : 0;
  const data_page_offset = BigInt(writer.offset);
  const pages = pagesOf(leaf);
  const locations: NonNullable<WrittenChunk['offsetIndex']>['page_locations'] = [];
  let firstRow = 0;
  for (const p of pages) {
    const pageOffset = writer.offset;
    levelBytes.reset();
    if (leaf.rep !== null) writeHybrid(levelBytes, leaf.rep.data, p.slotStart, p.slotEnd, bitsFor(leaf.maxRep));
    const repLength = levelBytes.length;
    if (leaf.def !== null) writeHybrid(levelBytes, leaf.def.data, p.slotStart, p.slotEnd, bitsFor(leaf.maxDef));
    const defLength = levelBytes.length - repLength;

    pageBytes.reset();
    if (dict !== null) {
      pageBytes.u8(bitWidth);
      writeHybrid(pageBytes, dict.indexes, p.valueStart, p.valueEnd, bitWidth);
    } else {
      writePlain(pageBytes, leaf, p.valueStart, p.valueEnd);
    }
    const raw = pageBytes.length;
    const body = compress(pageBytes.view(), codec);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levelBytes.length + raw,
      compressed_page_size: levelBytes.length + body.length,
      data_page_header_v2: {
        num_values: p.slotEnd - p.slotStart,
        num_nulls: p.slotEnd - p.slotStart - (p.valueEnd - p.valueStart),
        num_rows: p.rows,
        encoding,
        definition_levels_byte_length: defLength,
        repetition_levels_byte_length: repLength,
        is_compressed: true,
      },
    });
    uncompressed += writer.offset - headerStart + levelBytes.length + raw;
    writer.appendBytes(levelBytes.view());
    writer.appendBytes(body);
    locations.push({ offset: BigInt(pageOffset), compressed_page_size: writer.offset - pageOffset, first_row_index: BigInt(firstRow) });
    firstRow += p.rows;
  }

  const encodings: ('PLAIN' | 'RLE_DICTIONARY')[] = dict !== null ? ['PLAIN', 'RLE_DICTIONARY'] : ['PLAIN'];
  return {
    chunk: {
      meta_data: {
        type,
        encodings,
        path_in_schema: leaf.path,
        codec,
        num_values: BigInt(leaf.slots),
        total_compressed_size: BigInt(writer.offset - offsetStart),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset,
        dictionary_page_offset,
        statistics: leaf.stats ? statisticsOf(leaf) : undefined,
        encoding_stats: leaf.stats
          ? [...(dict !== null ? [{ page_type: 'DICTIONARY_PAGE' as const, encoding: 'PLAIN' as const, count: 1 }] : []), { page_type: 'DATA_PAGE_V2' as const, encoding, count: pages.length }]
          : undefined,
      },
      file_offset: BigInt(offsetStart),
    },
    offsetIndex: pages.length > 1 ? { page_locations: locations } : undefined,
  };
}

function bitsFor(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

function compress(bytes: Buffer, codec: Codec): Uint8Array {
  return codec === 'GZIP' ? gzipSync(bytes, { level: 1 }) : snappyCompress(bytes);
}

/**
 * A dictionary of the values and each value's index, or null when it would not pay: given up
 * once more than half the values seen are distinct (after the first 1024, as soon as 90% are),
 * so a column of unique values costs at most about a thousand map look-ups.
 */
function dictionaryOf(values: readonly string[]): { entries: string[]; indexes: Int32Array } | null {
  const n = values.length;
  if (n === 0) return null;
  const index = new Map<string, number>();
  const entries: string[] = [];
  const indexes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = values[i];
    let k = index.get(s);
    if (k === undefined) {
      k = entries.length;
      index.set(s, k);
      entries.push(s);
      if (entries.length * 2 > n) return null;
    }
    indexes[i] = k;
    if (i === 1023 && entries.length > 921) return null;
  }
  return { entries, indexes };
}

function writePlain(out: ByteBuffer, leaf: Leaf, start: number, end: number): void {
  const values = leaf.values;
  switch (leaf.element.type) {
    case 'BYTE_ARRAY':
      for (let i = start; i < end; i++) {
        const v = values[i];
        if (typeof v === 'string') out.string(v);
        else out.bytes(v as Uint8Array);
      }
      return;
    case 'INT32':
      for (let i = start; i < end; i++) out.i32(values[i] as number);
      return;
    case 'INT64':
      for (let i = start; i < end; i++) out.i64(values[i] as number);
      return;
    default:
      throw new Error(`parquet type not written here: ${leaf.element.type}`);
  }
}

/** Page boundaries: about PAGE_SIZE bytes of values each, cut only where a row starts. */
function pagesOf(leaf: Leaf): Page[] {
  const pages: Page[] = [];
  const def = leaf.def?.data;
  const rep = leaf.rep?.data;
  const values = leaf.values;
  let slotStart = 0;
  let valueStart = 0;
  let v = 0;
  let bytes = 0;
  let rows = 0;
  for (let s = 0; s < leaf.slots; s++) {
    const rowStart = rep === undefined || rep[s] === 0;
    if (rowStart) {
      if (bytes >= PAGE_SIZE && s > slotStart) {
        pages.push({ slotStart, slotEnd: s, valueStart, valueEnd: v, rows });
        slotStart = s;
        valueStart = v;
        bytes = 0;
        rows = 0;
      }
      rows++;
    }
    if (def === undefined || def[s] === leaf.maxDef) {
      const x = values[v++];
      bytes += typeof x === 'number' ? 8 : (x as string | Uint8Array).length + 4;
    }
  }
  if (leaf.slots > slotStart || pages.length === 0) pages.push({ slotStart, slotEnd: leaf.slots, valueStart, valueEnd: v, rows });
  return pages;
}

function statisticsOf(leaf: Leaf): { min_value?: bigint | number; max_value?: bigint | number; null_count: bigint } {
  const values = leaf.values as number[];
  const null_count = BigInt(leaf.slots - values.length);
  if (values.length === 0) return { null_count };
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < values.length; i++) {
    const x = values[i];
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  if (leaf.element.type === 'INT64') return { min_value: BigInt(min), max_value: BigInt(max), null_count };
  return { min_value: min, max_value: max, null_count };
}
