import { parquetMetadata, type ColumnChunk, type FileMetaData, type ParquetParsers } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ListedObjectStore } from '../sinks/listed-store.js';
import { objectIdOfJoined, type ObjectKind } from './object-ids.js';
import { COMPACTED_FROM, compactedFromChunk, withCompactedFrom, withoutCompactedFrom } from './compacted-from.js';
import { arrayBufferOf, readEventIds } from './event-id-column.js';
import { IdList } from './id-list.js';
import { IdSet } from './id-set.js';

/** The tables whose rows carry an event_id, so their objects can be merged by the ids they hold. */
export const COMPACTED_TABLES = ['logs', 'logs_auth', 'quarantine'] as const;

/**
 * No merged object grows past this (the sum of its sources' sizes): Firehose's largest buffer,
 * large enough that Athena and DuckDB open few files, small enough to hold in memory twice (the
 * sources and the merged object) while it is written. A partition with more becomes several.
 */
export const MAX_MERGED_BYTES = 128 * 1024 * 1024;

export interface CompactOptions {
  maxMergedBytes?: number;
  /** Called after each merged object is put, before its sources are deleted (crash tests). */
  afterMergedPut?: (key: string) => void | Promise<void>;
}

export interface PartitionResult {
  /** Objects in the partition before and after. */
  before: number;
  after: number;
  /** Leftover sources of an earlier, interrupted compaction, deleted. */
  leftovers: number;
}

interface Source {
  key: string;
  size: number;
  /** The object's event ids in row order (16 bytes an id, not a string each: a partition's ids were the peak of a run's memory). */
  ids: IdList;
  count: number;
  kind: ObjectKind;
  /** Objects are merged only with others of the same Parquet schema (same writer version). */
  schema: string;
}

/**
 * Merges the small objects of one partition (`<table>/dt=…/hour=…`) into one (or a few, by
 * MAX_MERGED_BYTES), named as the store names objects: by the event ids it holds, in order.
 * Row groups are copied as they are, without decoding (see copyRowGroups), so every value is
 * the bytes that were written.
 *
 * Crash-safe without a journal: the merged object is put first (atomically: a temporary file
 * renamed, or one S3 PUT), its sources deleted after. The put is also what readers see switch:
 * each copied row group names its source in `compacted_from` (compacted-from.ts), and readers
 * hide the objects named there, so at no instant does a query see a row twice or miss one.
 * Before anything else, an object whose event ids are all held by another object of the
 * partition is deleted: it is the source of a merge that was put but whose deletes did not all
 * happen. So a compaction killed at any point and run again loses and doubles no row, and a
 * compacted partition is left as it is. Deleting those leftovers before merging again matters to
 * readers too: a merge of a merged object names only that object, so its own sources must be gone
 * before it is (they are, in this order).
 */
export async function compactPartition(store: ListedObjectStore, partitionPrefix: string, opts: CompactOptions = {}): Promise<PartitionResult> {
  const prefix = partitionPrefix.endsWith('/') ? partitionPrefix : `${partitionPrefix}/`;
  const listed = (await store.list(prefix)).filter((o) => o.key.endsWith('.parquet'));
  // Nothing to merge or recover: not even the ids are read.
  if (listed.length < 2) return { before: listed.length, after: listed.length, leftovers: 0 };
  const sources: Source[] = [];
  for (const o of listed) {
    const body = await store.get(o.key);
    if (body === null) continue;
    const metadata = parquetMetadata(body);
    const file = arrayBufferOf(body);
    const list = await readEventIds(file, metadata);
    const name = o.key.slice(prefix.length);
    sources.push({ key: o.key, size: o.size, ids: IdList.of(list), count: list.length, kind: name.startsWith('untimed-') ? 'untimed' : 'events', schema: schemaKey(metadata) });
  }
  const result: PartitionResult = { before: sources.length, after: sources.length, leftovers: 0 };

  const dead = new Set(leftovers(sources));
  for (const s of dead) {
    await store.delete(s.key);
    result.leftovers++;
  }
  const live = sources.filter((s) => !dead.has(s));

  const cap = opts.maxMergedBytes ?? MAX_MERGED_BYTES;
  for (const batch of batches(live, cap)) {
    if (batch.length < 2) continue;
    const key = `${prefix}${objectIdOfJoined(batch[0].kind, textsOf(batch))}.parquet`;
    const body = await mergeObjects(store, batch, key.slice(prefix.length), prefix);
    await store.put(key, body);
    await opts.afterMergedPut?.(key);
    for (const s of batch) if (s.key !== key) await store.delete(s.key);
  }
  result.after = (await store.list(prefix)).filter((o) => o.key.endsWith('.parquet')).length;
  return result;
}

/**
 * Objects whose ids are all in another object of the partition: the one holding most rows that
 * holds their first id (a merged object holds all its sources'). Of two with the same ids, the
 * one first by key stays. Only first ids are looked up while scanning (a map of every id of a
 * partition cost more than reading them); a candidate is then checked id by id.
 */
function leftovers(sources: readonly Source[]): Source[] {
  const order = [...sources].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  const byFirst = new Map<string, number[]>();
  order.forEach((s, i) => {
    if (s.count === 0) return;
    const first = s.ids.first() as string;
    const at = byFirst.get(first);
    if (at === undefined) byFirst.set(first, [i]);
    else at.push(i);
  });
  // A first id's first 8 hex digits: packed lists make a string only for ids that share them.
  const prefixes = new Set<number>();
  for (const first of byFirst.keys()) if (/^[0-9a-f]{8}/.test(first)) prefixes.add(parseInt(first.slice(0, 8), 16));
  // owner[i]: the first object in order holding order[i]'s first id.
  const owner = new Array<number>(order.length).fill(-1);
  let open = order.filter((s) => s.count > 0).length;
  for (let j = 0; j < order.length && open > 0; j++) {
    for (const id of order[j].ids.idsWithPrefix(prefixes)) {
      const firsts = byFirst.get(id);
      if (firsts === undefined) continue;
      for (const i of firsts) {
        if (owner[i] === -1) {
          owner[i] = j;
          open--;
        }
      }
      byFirst.delete(id);
    }
  }
  const sets = new Map<number, IdSet>();
  const out: Source[] = [];
  order.forEach((s, i) => {
    const o = owner[i];
    if (s.count === 0 || o === i) return;
    let set = sets.get(o);
    if (set === undefined) sets.set(o, (set = idSetOf(order[o].ids)));
    if (every(s.ids.ids(), (id) => set.has(id))) out.push(s);
  });
  return out;
}

function idSetOf(list: IdList): IdSet {
  const set = new IdSet();
  for (const id of list.ids()) set.add(id);
  return set;
}

function every(ids: Iterable<string>, test: (id: string) => boolean): boolean {
  for (const id of ids) if (!test(id)) return false;
  return true;
}

/** The batch's ids as text, source after source, a piece at a time (objectIdOfJoined). */
function* textsOf(batch: readonly Source[]): Generator<string> {
  for (const s of batch) yield* s.ids.texts();
}

/** Objects of one kind and schema, in key order, in runs of at most `cap` bytes. */
function batches(sources: readonly Source[], cap: number): Source[][] {
  const groups = new Map<string, Source[]>();
  for (const s of [...sources].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const g = `${s.kind}\n${s.schema}`;
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const out: Source[][] = [];
  for (const group of groups.values()) {
    let batch: Source[] = [];
    let bytes = 0;
    for (const s of group) {
      if (batch.length > 0 && bytes + s.size > cap) {
        out.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(s);
      bytes += s.size;
    }
    if (batch.length > 0) out.push(batch);
  }
  return out;
}

/**
 * Min/max statistics as the file holds them: hyparquet would make timestamps Dates (milliseconds,
 * so a max of …20.000007 written back as …20.000000 would let readers skip rows it holds) and
 * decode text. Kept as integers and bytes, hyparquet-writer writes back the same bytes.
 */
const RAW_STATISTICS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v) => v,
  timestampFromMicroseconds: (v) => v,
  timestampFromNanoseconds: (v) => v,
  dateFromDays: (v) => v,
  stringFromBytes: (v) => v,
  uuidFromBytes: (v) => v,
};

/**
 * One Parquet file holding the row groups of all the sources, in order, each with a
 * `compacted_from` chunk naming the source it came from (null for rows of an object the merged
 * one replaces under its own name: a put over itself hides nothing).
 */
async function mergeObjects(store: ListedObjectStore, batch: readonly Source[], mergedName: string, prefix: string): Promise<Uint8Array> {
  // Sized for the sources up front (the merged file is about their sum): growing from 1 KB by
  // doubling left ~2x the object in discarded buffers at the end of a run, its memory peak.
  const writer = new ByteWriter(batch.reduce((n, s) => n + s.size, 1024));
  let pq: ParquetWriter | undefined;
  for (const s of batch) {
    const body = await store.get(s.key);
    if (body === null) throw new Error(`object vanished while compacting: ${s.key}`);
    const metadata = parquetMetadata(body, { parsers: RAW_STATISTICS });
    pq ??= new ParquetWriter({
      writer,
      schema: withCompactedFrom(metadata.schema),
      kvMetadata: metadata.key_value_metadata,
      createdBy: metadata.created_by ?? 'logsift',
      statisticsTruncateLength: Infinity,
    });
    const name = s.key.slice(prefix.length);
    copyRowGroups(pq, body, metadata, name === mergedName ? null : name);
  }
  (pq as ParquetWriter).finish();
  // A view of the bytes written, not getBuffer()'s copy.
  return writer.getBytes();
}

/**
 * Appends a file's row groups to the writer: each column chunk's pages (dictionary and data,
 * compressed) are copied byte for byte and only the offsets in the footer moved. Page indexes
 * (offset index) are left out: they hold absolute offsets, and readers do without them. The
 * source's own `compacted_from` chunk (a merged object's) is replaced by one naming the source.
 */
function copyRowGroups(pq: ParquetWriter, body: Uint8Array, metadata: FileMetaData, sourceName: string | null): void {
  const writer = pq.writer as ByteWriter;
  for (const rg of metadata.row_groups) {
    const groupStart = writer.offset;
    const isOwn = (c: ColumnChunk): boolean => c.meta_data?.path_in_schema.join('.') === COMPACTED_FROM;
    const columns = rg.columns.filter((c) => !isOwn(c)).map((c) => copyChunk(writer, body, c));
    const extra = compactedFromChunk(sourceName, Number(rg.num_rows));
    columns.push(copyChunk(writer, extra.body, extra.chunk));
    const uncompressed = (cs: ColumnChunk[]): bigint => cs.reduce((n, c) => n + (c.meta_data?.total_uncompressed_size ?? 0n), 0n);
    const totalBytes = rg.total_byte_size - uncompressed(rg.columns.filter(isOwn)) + uncompressed([extra.chunk]);
    pq.row_groups.push({ columns, total_byte_size: totalBytes, num_rows: rg.num_rows, total_compressed_size: BigInt(writer.offset - groupStart) });
    pq.num_rows += rg.num_rows;
  }
}

/** One column chunk's pages appended as they are, its footer entry with the offsets moved. */
function copyChunk(writer: ByteWriter, body: Uint8Array, c: ColumnChunk): ColumnChunk {
  const md = c.meta_data;
  if (md === undefined) throw new Error('column chunk without metadata');
  const dict = md.dictionary_page_offset;
  const start = dict !== undefined && dict > 0n && dict < md.data_page_offset ? dict : md.data_page_offset;
  const at = BigInt(writer.offset);
  writer.appendBytes(body.subarray(Number(start), Number(start + md.total_compressed_size)));
  const delta = at - start;
  return {
    file_path: c.file_path,
    file_offset: c.file_offset + delta,
    meta_data: {
      ...md,
      data_page_offset: md.data_page_offset + delta,
      dictionary_page_offset: dict !== undefined && dict > 0n ? dict + delta : undefined,
      index_page_offset: undefined,
      bloom_filter_offset: undefined,
      bloom_filter_length: undefined,
    },
  };
}

/** Objects merge when their schemas match apart from `compacted_from` (merged ones have it). */
function schemaKey(metadata: FileMetaData): string {
  return JSON.stringify(withoutCompactedFrom(metadata.schema), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export interface TableResult {
  table: string;
  partitions: number;
  before: number;
  after: number;
}

/**
 * Compacts every partition of the event tables (or only `only`: `<table>/dt=…/hour=…` prefixes),
 * one partition at a time, so memory stays bounded by one partition's merge.
 */
export async function compactStore(store: ListedObjectStore, opts: CompactOptions & { only?: Iterable<string> } = {}): Promise<TableResult[]> {
  const results = new Map<string, TableResult>(COMPACTED_TABLES.map((t) => [t, { table: t, partitions: 0, before: 0, after: 0 }]));
  const partitions: string[] = [];
  if (opts.only !== undefined) partitions.push(...[...new Set(opts.only)].sort());
  else {
    for (const table of COMPACTED_TABLES) {
      for (const dt of await store.folders(`${table}/`)) for (const hour of await store.folders(`${table}/${dt}/`)) partitions.push(`${table}/${dt}/${hour}`);
    }
  }
  for (const p of partitions) {
    const r = results.get(p.split('/')[0]);
    if (r === undefined) continue;
    const done = await compactPartition(store, p, opts);
    r.partitions++;
    r.before += done.before;
    r.after += done.after;
  }
  return [...results.values()];
}
