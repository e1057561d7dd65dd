import { fitCell, renderTable, wrapWords } from './table.js';

/** The fields of a finding a person scans first (a Finding, or a row of the findings view). */
export interface FindingLine {
  severity: string;
  type: string;
  time: string;
  host: string | null;
  cluster: string | null;
  summary: string;
  remediation?: string;
}

export const FINDING_COLUMNS = ['severity', 'type', 'time', 'host/cluster', 'summary'] as const;

/**
 * Findings as an aligned table, in the order given, then what to do about the ones that need
 * action (warning and critical), each remediation once; `width` is the terminal's (Infinity: no cut).
 * When the summaries do not fit beside the other columns, each goes on the lines below its row,
 * indented and wrapped, so it is never cut.
 */
export function renderFindings(findings: readonly FindingLine[], width = Infinity): string {
  const rows = findings.map((f) => [f.severity, f.type, shortTime(f.time), where(f.host, f.cluster), f.summary]);
  const table = renderTable(FINDING_COLUMNS, rows, { maxCell: 400 });
  if (table.split('\n').every((l) => l.length <= width)) return table + whatToDo(findings, width);
  return summariesBelow(findings, rows, width) + whatToDo(findings, width);
}

const INDENT = '    ';

function summariesBelow(findings: readonly FindingLine[], rows: string[][], width: number): string {
  const lines = renderTable(FINDING_COLUMNS.slice(0, 4), rows.map((r) => r.slice(0, 4)), { width, keep: [true, true, true, false] })
    .trimEnd()
    .split('\n');
  const out = [lines[0], lines[1]];
  findings.forEach((f, i) => {
    out.push(lines[i + 2]);
    for (const l of wrapWords(fitCell(f.summary, 400), Math.max(width - INDENT.length, 20))) out.push(INDENT + l);
  });
  return out.join('\n') + '\n';
}

/** `What to do:` with one wrapped item per distinct remediation of a warning or critical finding; '' when none. */
function whatToDo(findings: readonly FindingLine[], width: number): string {
  const byText = new Map<string, FindingLine[]>();
  for (const f of findings) {
    if (f.severity === 'info' || f.remediation === undefined || f.remediation === '') continue;
    byText.set(f.remediation, [...(byText.get(f.remediation) ?? []), f]);
  }
  if (byText.size === 0) return '';
  const lineWidth = Math.max(Math.min(width, 100), 40);
  let out = '\nWhat to do:\n';
  for (const [text, fs] of byText) {
    const places = [...new Set(fs.map((f) => where(f.host, f.cluster)))].join(', ');
    const head = `${fs[0].type} on ${places}${fs.length > 1 ? ` (${fs.length} findings)` : ''}: `;
    out += wrapWords('- ' + head + fitCell(text, 4000), lineWidth - 2).join('\n  ') + '\n';
  }
  return out;
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
