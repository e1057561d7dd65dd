import { renderTable } from './table.js';

/** The fields of a finding a person scans first (a Finding, or a row of the findings view). */
export interface FindingLine {
  severity: string;
  type: string;
  time: string;
  host: string | null;
  cluster: string | null;
  summary: string;
}

export const FINDING_COLUMNS = ['severity', 'type', 'time', 'host/cluster', 'summary'] as const;

/** Findings as an aligned table, in the order given; `width` is the terminal's (Infinity: no cut). */
export function renderFindings(findings: readonly FindingLine[], width = Infinity): string {
  const rows = findings.map((f) => [f.severity, f.type, shortTime(f.time), where(f.host, f.cluster), f.summary]);
  return renderTable(FINDING_COLUMNS, rows, { width, maxCell: 400, keep: [true, true, true, false, false] });
}

/** `cp-1 (prod)`, `cp-1`, `cluster prod`, or `-` for neither. */
export function where(host: string | null, cluster: string | null): string {
  if (host !== null && cluster !== null) return `${host} (${cluster})`;
  if (host !== null) return host;
  if (cluster !== null) return `cluster ${cluster}`;
  return '-';
}

/** A record time to the second, still RFC 3339: `2026-11-26T01:20:06Z`. */
export function shortTime(time: string): string {
  return time.length === 27 && time.endsWith('Z') ? time.slice(0, 19) + 'Z' : time;
}
