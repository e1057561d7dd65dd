import { PARTITION_KEYS, TABLES } from './table-schema.js';

/**
 * The view of the latest version of each finding, under the same name in DuckDB (`logsift query`)
 * and Athena (created by the stack), beside the `findings` table that keeps every version.
 */
export const FINDINGS_LATEST_VIEW = 'findings_latest';

/**
 * The findings table keeps every version of a finding (re-emitted with late evidence, or by a
 * re-run); readers want the latest per finding_id. This is that order, in one place.
 */
export const FINDING_VERSION_ORDER = 'time_end DESC, evidence_count DESC, written_at DESC';

/**
 * The latest version of each finding from `source` (a table, or a parenthesized subquery, over the findings
 * columns plus dt and hour). Plain SQL with a window function, so DuckDB and Athena (Trino) run
 * the same text.
 */
export function latestFindingsSql(source: string): string {
  const cols = [...TABLES.findings.columns.map((c) => c.name), ...PARTITION_KEYS].map((n) => `"${n}"`).join(', ');
  return `SELECT ${cols} FROM (SELECT *, row_number() OVER (PARTITION BY finding_id ORDER BY ${FINDING_VERSION_ORDER}) AS version_rank FROM ${source}) AS versions WHERE version_rank = 1`;
}
