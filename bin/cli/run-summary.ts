import { renderFindings } from './findings-table.js';
import type { StoreRunResult } from './store-run.js';
import { renderTable } from './table.js';

/** How the summary spells the CLI in the commands it suggests. */
export const COMMAND = 'npx logsift';

/** The end-of-run summary as data: what `--json` prints. */
export function summaryJson(r: StoreRunResult, store: string): object {
  return {
    store,
    records: r.records,
    records_by_source_format: r.bySourceFormat,
    corrections_by_reason: r.corrections,
    parse_errors: r.parseErrors,
    late_records: r.lateRecords,
    quarantined: r.counts.rows.quarantine,
    rows_written: r.counts.rows,
    already_stored: r.alreadyStored,
    dropped: r.counts.dropped,
    sampled_out: r.counts.sampledOut,
    objects_written: r.counts.objects,
    findings: r.findings,
  };
}

const byCountThenName = ([a, x]: [string, number], [b, y]: [string, number]): number => y - x || (a < b ? -1 : 1);

/** The end-of-run summary for a person: counts, findings as a table, and how to look further. */
export function summaryText(r: StoreRunResult, store: string, width = Infinity): string {
  const out: string[] = [];
  const formats = Object.entries(r.bySourceFormat).sort(byCountThenName);
  out.push(`${r.records} records read`);
  if (formats.length > 0) out.push(renderTable(['source format', 'records'], formats.map(([k, v]) => [k, String(v)]), { width, align: ['left', 'right'] }).trimEnd());
  const reasons = Object.entries(r.corrections).sort(byCountThenName);
  out.push('');
  if (reasons.length === 0) out.push('No corrections.');
  else out.push(renderTable(['correction', 'records'], reasons.map(([k, v]) => [k, String(v)]), { width, align: ['left', 'right'] }).trimEnd());
  out.push('');
  out.push(`Parse errors: ${r.parseErrors}; quarantined with their raw bytes: ${r.counts.rows.quarantine}.`);
  if (r.lateRecords > 0) {
    out.push(`Late records: ${r.lateRecords} arrived more than detectors.allowed_lateness_seconds behind the newest event time; detection may have missed them (they are in the tables).`);
  }
  const rows = r.counts.rows;
  let written = `Rows written: logs ${rows.logs}, logs_auth ${rows.logs_auth}, quarantine ${rows.quarantine}, findings ${rows.findings}`;
  if (r.counts.dropped > 0 || r.counts.sampledOut > 0) written += ` (left out by routes: ${r.counts.dropped} dropped, ${r.counts.sampledOut} sampled out)`;
  if (r.alreadyStored > 0) written += `; ${r.alreadyStored} already in the store, not written again`;
  out.push(written + '.');
  out.push('');
  if (r.findings.length === 0) out.push('No findings.');
  else {
    out.push(`${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}:`);
    out.push(renderFindings(r.findings, width).trimEnd());
  }
  out.push('');
  const storeArg = store === './logsift-data' || store === 'logsift-data' ? '' : ` --store ${store}`;
  out.push(`Store: ${store}`);
  // `npx logsift` works from a checkout (package.json's bin), in a project that depends on
  // logsift, and with a global install; a bare `logsift` only in the last case.
  out.push(`Try: ${COMMAND} query "select facility_name, count(*) as n from logs group by 1 order by 2 desc"${storeArg}`);
  out.push(`     ${COMMAND} findings${storeArg}`);
  return out.join('\n') + '\n';
}
