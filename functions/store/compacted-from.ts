import { parquetMetadata, type ColumnChunk, type SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

/**
 * The column that makes a merged object its own commit: each row group of a merged object holds
 * here the file name of the object it was copied from. Readers (the Athena views and `logsift
 * query`, see visible-objects.ts) hide every object named here by another object of the same
 * partition, so the merged object's rows appear and exactly its sources' rows disappear at the
 * instant its put lands. Objects written by ingest or `run` do not have it (read as null).
 */
export const COMPACTED_FROM = 'compacted_from';

/** A schema without a trailing top-level `compacted_from` leaf (as merged objects end). */
export function withoutCompactedFrom<S extends SchemaElement>(schema: readonly S[]): S[] {
  const last = schema[schema.length - 1];
  if (schema.length < 2 || last.name !== COMPACTED_FROM || (last.num_children ?? 0) > 0) return [...schema];
  return [{ ...schema[0], num_children: (schema[0].num_children ?? 1) - 1 }, ...schema.slice(1, -1)];
}

/** A merged object's schema: the source's, with `compacted_from` last (once). */
export function withCompactedFrom<S extends SchemaElement>(schema: readonly S[]): SchemaElement[] {
  const own = withoutCompactedFrom(schema);
  return [{ ...own[0], num_children: (own[0].num_children ?? 0) + 1 }, ...own.slice(1), compactedFromChunk('', 1).element];
}

interface Chunk {
  body: Uint8Array;
  chunk: ColumnChunk;
  element: SchemaElement;
}

/**
 * A `compacted_from` column chunk of `rows` copies of `name` (or nulls), encoded by
 * hyparquet-writer into a file of its own (one dictionary value and one RLE run: a few dozen
 * bytes), for the merge to copy like any other chunk. Its schema element comes with it.
 *
 * Encoding it means a dictionary pass over `rows` values, 12 % of a compaction's CPU when done
 * per row group; names of one length encode to the same bytes but for the name itself (no
 * statistics, no page checksum), so one encoding per row count and name length is kept and the
 * name written into a copy of it.
 */
export function compactedFromChunk(name: string | null, rows: number): Chunk {
  const bytes = name === null ? null : Buffer.from(name, 'utf8');
  if (bytes === null || bytes.length < PLACEHOLDER_MIN) return encodeChunk(name, rows);
  const key = `${rows}:${bytes.length}`;
  let t = templates.get(key);
  if (t === undefined) {
    const placeholder = 'Z'.repeat(bytes.length);
    const encoded = encodeChunk(placeholder, rows);
    const at = Buffer.from(encoded.body.buffer, encoded.body.byteOffset, encoded.body.byteLength).indexOf(placeholder);
    if (at < 0) return encodeChunk(name, rows);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(key, (t = { ...encoded, at }));
  }
  const body = t.body.slice();
  body.set(bytes, t.at);
  return { body, chunk: t.chunk, element: t.element };
}

/** Shorter names are encoded each time: a short placeholder could match other bytes. */
const PLACEHOLDER_MIN = 16;
const MAX_TEMPLATES = 64;
const templates = new Map<string, Chunk & { at: number }>();

function encodeChunk(name: string | null, rows: number): Chunk {
  const buffer = parquetWriteBuffer({
    columnData: [{ name: COMPACTED_FROM, data: new Array<string | null>(rows).fill(name), type: 'STRING', offsetIndex: false }],
    codec: 'UNCOMPRESSED',
    rowGroupSize: Math.max(rows, 1),
    // No min/max: a reader has nothing to skip by in a column of one value per row group (and
    // the name appears once in the bytes, in the dictionary page).
    statistics: false,
  });
  const metadata = parquetMetadata(buffer);
  return { body: new Uint8Array(buffer), chunk: metadata.row_groups[0].columns[0], element: metadata.schema[1] };
}
