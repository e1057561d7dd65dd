import type { ColumnChunk, SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { Leaf, writeLeaf } from '../sinks/column-chunk.js';
import { parquetElements } from '../sinks/table-schema.js';

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
  return [{ ...own[0], num_children: (own[0].num_children ?? 0) + 1 }, ...own.slice(1), ELEMENT];
}

interface Chunk {
  body: Uint8Array;
  chunk: ColumnChunk;
  element: SchemaElement;
}

const PAR1 = new TextEncoder().encode('PAR1');

/** The column as the table generator would declare it: an optional UTF-8 string. */
const ELEMENT: SchemaElement = parquetElements({ name: COMPACTED_FROM, kind: 'string', nullable: true, description: '', duckdbType: 'VARCHAR', athenaType: 'string' })[0];

/**
 * A `compacted_from` column chunk of `rows` copies of `name` (or nulls), written by the store's
 * own encoder (a dictionary of one value and one RLE run: a few dozen bytes) into a buffer of its
 * own, for the merge to copy like any other chunk. Its schema element comes with it.
 */
export function compactedFromChunk(name: string | null, rows: number): Chunk {
  const leaf = new Leaf([COMPACTED_FROM], ELEMENT, 1, 0, 'dictionary', false);
  for (let i = 0; i < rows; i++) {
    if (name === null) leaf.empty(0, 0);
    else leaf.value(name, 0);
  }
  const writer = new ByteWriter();
  // After a file's magic, as in a file: a dictionary page at offset 0 would read as "none" (copyChunk).
  writer.appendBytes(PAR1);
  // Snappy: a page this small gains nothing from compression, and GZIP's ~20-byte frame would double it.
  const { chunk } = writeLeaf(writer, leaf, 'SNAPPY');
  return { body: new Uint8Array(writer.getBuffer()), chunk, element: ELEMENT };
}
