import { PARTITION_KEYS, TABLES } from './table-schema.js';

/** The view of the newest version of each finding, under the same name in DuckDB and Athena. */
export const FINDINGS_LATEST_VIEW = 'findings_latest';

/**
 * The findings table keeps every version a detector emitted (a finding that grows is a new row
 * under the same finding_id). This SELECT keeps the newest per finding_id: latest time_end, then
 * most evidence, then latest written_at. Plain window-function SQL that DuckDB and Athena (Trino)
 * both accept, so the local `logsift query` and Athena answer alike.
 */
export function findingsLatestSelect(source = 'findings'): string {
  const columns = [...TABLES.findings.columns.map((c) => c.name), ...PARTITION_KEYS].map((c) => `"${c}"`).join(', ');
  return (
    `SELECT ${columns} FROM (SELECT *, row_number() OVER (PARTITION BY finding_id ` +
    `ORDER BY time_end DESC, evidence_count DESC, written_at DESC) AS version_rank FROM ${source}) ranked WHERE version_rank = 1`
  );
}
