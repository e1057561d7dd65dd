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

/**
 * A `compacted_from` column chunk of `rows` copies of `name` (or nulls), encoded by
 * hyparquet-writer into a file of its own (one dictionary value and one RLE run: a few dozen
 * bytes), for the merge to copy like any other chunk. Its schema element comes with it.
 */
export function compactedFromChunk(name: string | null, rows: number): { body: Uint8Array; chunk: ColumnChunk; element: SchemaElement } {
  const buffer = parquetWriteBuffer({
    columnData: [{ name: COMPACTED_FROM, data: new Array<string | null>(rows).fill(name), type: 'STRING', offsetIndex: false }],
    codec: 'UNCOMPRESSED',
    rowGroupSize: Math.max(rows, 1),
    statisticsTruncateLength: Infinity,
  });
  const metadata = parquetMetadata(buffer);
  return { body: new Uint8Array(buffer), chunk: metadata.row_groups[0].columns[0], element: metadata.schema[1] };
}
