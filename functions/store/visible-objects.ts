import { PARTITION_KEYS, TABLES, type TableName } from '../sinks/table-schema.js';
import { COMPACTED_TABLES } from './compact.js';
import { COMPACTED_FROM } from './compacted-from.js';

/** The tables compaction merges: readers see them through the view below. */
export function isCompactedTable(table: TableName): boolean {
  return (COMPACTED_TABLES as readonly string[]).includes(table);
}

/** Athena's name for the Glue table over the objects of a compacted table (the view keeps the table's name). */
export function objectsTableName(table: TableName): string {
  return `${table}_objects`;
}

/**
 * The rows of a compacted table that readers see: every row of `objects` except those of an
 * object that another object of the same partition names in `compacted_from` (its merge has
 * landed; its own delete may not have yet). `objects` is a table or parenthesized subquery over
 * the table's columns plus `compacted_from`, dt, hour and `"$path"` (the object's path or URI).
 *
 * The same text runs in Athena (Trino: `"$path"` is the hidden column of the object's S3 URI)
 * and DuckDB (read_parquet(filename = '$path')). The hiding side reads only the tiny
 * `compacted_from` column, and joins on dt and hour, so a query's partition filter prunes both.
 */
export function visibleRowsSql(table: TableName, objects: string): string {
  const cols = [...TABLES[table].columns.map((c) => c.name), ...PARTITION_KEYS].map((n) => `o."${n}"`).join(', ');
  // The names compacted_from holds, one row per merged object and source, made into the
  // sources' paths (they are in the merged object's folder): the rows' own paths are then
  // compared as they are, with no function applied per row.
  const named = `SELECT DISTINCT "dt", "hour", "$path" AS "merged_path", "${COMPACTED_FROM}" FROM ${objects} AS m WHERE "${COMPACTED_FROM}" IS NOT NULL`;
  const hidden = `SELECT "dt", "hour", regexp_replace("merged_path", '[^/]+$', '') || "${COMPACTED_FROM}" AS "source_path" FROM (${named}) AS named`;
  const on = `hidden."dt" = o."dt" AND hidden."hour" = o."hour" AND hidden."source_path" = o."$path"`;
  return `SELECT ${cols} FROM ${objects} AS o LEFT JOIN (${hidden}) AS hidden ON ${on} WHERE hidden."source_path" IS NULL`;
}
