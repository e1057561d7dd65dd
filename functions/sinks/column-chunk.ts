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

/** Where a page starts: its first value slot, first value, and (plain leaves) first byte. */
interface Cut {
  slot: number;
  value: number;
  byte: number;
}

/**
 * One primitive leaf of a column (a flat column is its own leaf; a LIST has one, a MAP two or
 * three): its Dremel levels and its values, encoded as each value arrives (PLAIN bytes, or
 * dictionary indexes), so a file's rows need not be kept, and written as one column chunk at
 * the end. Page boundaries are chosen as values arrive, at row starts.
 */
export class Leaf {
  /** Definition levels (absent when the leaf is required and unnested). */
  readonly def: Levels | null;
  /** Repetition levels (absent when nothing above the leaf repeats). */
  readonly rep: Levels | null;
  /** Value slots (nulls and empty lists included). */
  slots = 0;
  /** Values present. */
  count = 0;
  /** PLAIN-encoded values (for a dictionary leaf: only once the dictionary is given up). */
  plain: ByteBuffer | null;
  /** The dictionary while it is kept: values, their indexes, each value's index per slot. */
  dict: Map<string, number> | null = null;
  entries: string[] = [];
  indexes = new Int32Array(0);
  /** Starts of the pages after the first. */
  readonly cuts: Cut[] = [];
  private pageBytes = 0;
  /** Numeric leaves with statistics: min and max so far. */
  min = Infinity;
  max = -Infinity;

  constructor(
    readonly path: string[],
    readonly element: SchemaElement,
    readonly maxDef: number,
    readonly maxRep: number,
    private readonly encoding: LeafEncoding,
    /** Min/max statistics (times and numbers: they let a reader skip row groups). */
    readonly stats: boolean,
  ) {
    this.def = maxDef > 0 ? new Levels() : null;
    this.rep = maxRep > 0 ? new Levels() : null;
    if (encoding === 'dictionary') {
      this.dict = new Map();
      this.indexes = new Int32Array(1024);
      this.plain = null;
    } else {
      this.plain = new ByteBuffer(4096);
    }
  }

  /** Empty again, as constructed, keeping the buffers it grew (a writer reused for the next file). */
  reset(): void {
    if (this.def !== null) this.def.length = 0;
    if (this.rep !== null) this.rep.length = 0;
    this.slots = 0;
    this.count = 0;
    this.cuts.length = 0;
    this.pageBytes = 0;
    this.min = Infinity;
    this.max = -Infinity;
    if (this.encoding === 'dictionary') {
      if (this.dict === null) this.dict = new Map();
      else this.dict.clear();
      this.entries = [];
      if (this.indexes.length === 0) this.indexes = new Int32Array(1024);
      this.plain = null;
    } else {
      this.plain!.reset();
    }
  }

  /** A present value at the leaf's full definition level. */
  value(v: string | number | Uint8Array, rep: number): void {
    if (rep === 0 && this.pageBytes >= PAGE_SIZE) this.cut();
    if (this.def !== null) this.def.push(this.maxDef);
    if (this.rep !== null) this.rep.push(rep);
    this.slots++;
    const dict = this.dict;
    if (dict !== null) {
      const s = v as string;
      let k = dict.get(s);
      if (k === undefined) {
        k = this.entries.length;
        dict.set(s, k);
        this.entries.push(s);
      }
      if (this.count === this.indexes.length) {
        const next = new Int32Array(this.count * 2);
        next.set(this.indexes);
        this.indexes = next;
      }
      this.indexes[this.count++] = k;
      this.pageBytes += s.length + 4;
      // A column of mostly distinct values: give the dictionary up early.
      if (this.count === 1024 && this.entries.length > 921) this.giveUpDictionary();
      return;
    }
    const out = this.plain!;
    const before = out.length;
    if (typeof v === 'string') out.string(v);
    else if (typeof v === 'number') {
      if (this.element.type === 'INT64') out.i64(v);
      else out.i32(v);
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    } else out.bytes(v);
    this.count++;
    this.pageBytes += out.length - before;
  }

  /** No value here: a null or empty container at definition level `def`. */
  empty(def: number, rep: number): void {
    if (this.def === null) throw new Error(`parquet required value is missing in ${this.path.join('.')}`);
    if (rep === 0 && this.pageBytes >= PAGE_SIZE) this.cut();
    this.def.push(def);
    if (this.rep !== null) this.rep.push(rep);
    this.slots++;
  }

  /** Keeps the dictionary only where it at least halves the values (checked once all are in). */
  settle(): void {
    if (this.dict !== null && (this.count === 0 || this.entries.length * 2 > this.count)) this.giveUpDictionary();
  }

  private cut(): void {
    this.cuts.push({ slot: this.slots, value: this.count, byte: this.plain?.length ?? -1 });
    this.pageBytes = 0;
  }

  /** From dictionary indexes to PLAIN bytes, page starts included. */
  private giveUpDictionary(): void {
    const out = new ByteBuffer(Math.max(4096, this.pageBytes * 2));
    const { entries, indexes, cuts } = this;
    let c = 0;
    for (let i = 0; i < this.count; i++) {
      while (c < cuts.length && cuts[c].value === i) cuts[c++].byte = out.length;
      out.string(entries[indexes[i]]);
    }
    while (c < cuts.length) cuts[c++].byte = out.length;
    this.plain = out;
    this.dict = null;
    this.entries = [];
    this.indexes = new Int32Array(0);
  }
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
  leaf.settle();
  const type = leaf.element.type!;
  const offsetStart = writer.offset;
  let uncompressed = 0;
  const dict = leaf.dict !== null ? leaf.entries : null;

  let dictionary_page_offset: bigint | undefined;
  if (dict !== null) {
    dictionary_page_offset = BigInt(writer.offset);
    pageBytes.reset();
    for (const s of dict) pageBytes.string(s);
    const raw = pageBytes.length;
    const body = compress(pageBytes.view(), codec);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DICTIONARY_PAGE',
      uncompressed_page_size: raw,
      compressed_page_size: body.length,
      dictionary_page_header: { num_values: dict.length, encoding: 'PLAIN' },
    });
    writer.appendBytes(body);
    uncompressed += writer.offset - headerStart - body.length + raw;
  }

  const encoding = dict !== null ? 'RLE_DICTIONARY' : 'PLAIN';
  const bitWidth = dict !== null ? bitsFor(dict.length - 1) : 0;
  const data_page_offset = BigInt(writer.offset);
  const bounds: Cut[] = [{ slot: 0, value: 0, byte: 0 }, ...leaf.cuts, { slot: leaf.slots, value: leaf.count, byte: leaf.plain?.length ?? 0 }];
  const locations: NonNullable<WrittenChunk['offsetIndex']>['page_locations'] = [];
  let firstRow = 0;
  for (let p = 0; p + 1 < bounds.length; p++) {
    const from = bounds[p];
    const to = bounds[p + 1];
    const pageOffset = writer.offset;
    levelBytes.reset();
    if (leaf.rep !== null) writeHybrid(levelBytes, leaf.rep.data, from.slot, to.slot, bitsFor(leaf.maxRep));
    const repLength = levelBytes.length;
    if (leaf.def !== null) writeHybrid(levelBytes, leaf.def.data, from.slot, to.slot, bitsFor(leaf.maxDef));
    const defLength = levelBytes.length - repLength;

    let data: Buffer;
    if (dict !== null) {
      pageBytes.reset();
      pageBytes.u8(bitWidth);
      writeHybrid(pageBytes, leaf.indexes, from.value, to.value, bitWidth);
      data = pageBytes.view();
    } else {
      data = leaf.plain!.buf.subarray(from.byte, to.byte);
    }
    const raw = data.length;
    const body = compress(data, codec);
    let rows = to.slot - from.slot;
    if (leaf.rep !== null) {
      rows = 0;
      const rep = leaf.rep.data;
      for (let i = from.slot; i < to.slot; i++) if (rep[i] === 0) rows++;
    }
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levelBytes.length + raw,
      compressed_page_size: levelBytes.length + body.length,
      data_page_header_v2: {
        num_values: to.slot - from.slot,
        num_nulls: to.slot - from.slot - (to.value - from.value),
        num_rows: rows,
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
    firstRow += rows;
  }
  const pages = locations.length;

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
          ? [...(dict !== null ? [{ page_type: 'DICTIONARY_PAGE' as const, encoding: 'PLAIN' as const, count: 1 }] : []), { page_type: 'DATA_PAGE_V2' as const, encoding, count: pages }]
          : undefined,
      },
      file_offset: BigInt(offsetStart),
    },
    offsetIndex: pages > 1 ? { page_locations: locations } : undefined,
  };
}

function bitsFor(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

function compress(bytes: Buffer, codec: Codec): Uint8Array {
  return codec === 'GZIP' ? gzipSync(bytes, { level: 1 }) : snappyCompress(bytes);
}

function statisticsOf(leaf: Leaf): { min_value?: bigint | number; max_value?: bigint | number; null_count: bigint } {
  const null_count = BigInt(leaf.slots - leaf.count);
  if (leaf.count === 0) return { null_count };
  if (leaf.element.type === 'INT64') return { min_value: BigInt(leaf.min), max_value: BigInt(leaf.max), null_count };
  return { min_value: leaf.min, max_value: leaf.max, null_count };
}
