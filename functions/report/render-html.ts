import type { Finding } from '../detect/types.js';
import { findingCharts } from './charts/finding-charts.js';
import { kb, OOM_MEMORY_FIGURES } from './charts/oom.js';
import { perHourChart } from './charts/overview.js';
import type { ChartSpec } from './charts/spec.js';
import { CLIENT_JS } from './client.js';
import { html, jsonInScript } from './escape.js';
import type { FindingPage, Overview, ReportData } from './report-data.js';
import { REPORT_CSS } from './styles.js';
import { UPLOT_CSS, UPLOT_JS } from './vendor/uplot.js';

/** Evidence rows shown per finding; the rest are counted. */
export const EVIDENCE_ROWS = 50;
/** Rows of a chart's table (its text alternative); the rest are counted. */
const CHART_TABLE_ROWS = 100;
/** A message longer than this is cut in the evidence table (the logs table has it whole). */
const MESSAGE_CHARS = 2000;
const SEVERITY_ORDER = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
const FINDING_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first, then newest (latest evidence) first, then by id so the order is stable. */
export function findingOrder(a: Finding, b: Finding): number {
  return (FINDING_RANK[a.severity] ?? 3) - (FINDING_RANK[b.severity] ?? 3) || (a.time_end < b.time_end ? 1 : a.time_end > b.time_end ? -1 : 0) || (a.finding_id < b.finding_id ? -1 : 1);
}

/** The whole report: overview, an index of the findings, one section per finding. One file, nothing external. */
export function renderReport(data: ReportData): string {
  const pages = [...data.findings].sort((a, b) => findingOrder(a.finding, b.finding));
  const body = [
    `<header><h1>${html(data.title)}</h1><p class="meta">Written ${html(shortTime(data.generatedAt))} from ${html(data.source)}. Times are event times in UTC.</p></header>`,
    data.overview === null ? '' : overviewSection(data.overview, pages),
    indexSection(pages),
    ...pages.map(findingSection),
  ].join('\n');
  return documentHtml(data.title, body);
}

/** One finding as a page of its own (the Lambda writes one per finding to S3). */
export function renderFindingDocument(page: FindingPage, generatedAt: string, source: string): string {
  const f = page.finding;
  const body = [
    `<header><h1>logsift: ${html(f.type)} ${html(f.severity)}</h1><p class="meta">Written ${html(shortTime(generatedAt))} from ${html(source)}. Times are event times in UTC.</p></header>`,
    findingSection(page),
  ].join('\n');
  return documentHtml(`logsift ${f.type} ${f.finding_id}`, body);
}

function documentHtml(title: string, body: string): string {
  // The Content-Security-Policy forbids every fetch: the page can only show what it carries.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${html(title)}</title>
<style>${UPLOT_CSS}</style><style>${REPORT_CSS}</style>
</head><body><main>
${body}
</main>
<script>${UPLOT_JS}</script>
<script>${CLIENT_JS}</script>
</body></html>
`;
}

function overviewSection(o: Overview, pages: readonly FindingPage[]): string {
  const bySeverity = new Map<string, number>();
  for (const p of pages) bySeverity.set(p.finding.severity, (bySeverity.get(p.finding.severity) ?? 0) + 1);
  const stats = [
    stat('time range', o.first === null ? 'no records' : timeRange(o.first, o.last ?? o.first), true),
    stat('records', o.records.toLocaleString('en-US')),
    stat('parse errors', o.parseErrors.toLocaleString('en-US')),
    stat('quarantined', o.quarantined.toLocaleString('en-US')),
    stat('findings', ['critical', 'warning', 'info'].map((s) => `${bySeverity.get(s) ?? 0} ${s}`).join(', ')),
  ];
  const charts =
    o.byFormat.length === 0
      ? '<p class="muted">No records with an event time.</p>'
      : `<div class="grid2">${figure('ov-format', perHourChart('Records per hour by source format', 'source format', o.byFormat))}${figure('ov-severity', perHourChart('Records per hour by severity', 'severity', o.bySeverity, SEVERITY_ORDER))}</div>`;
  const corrections =
    o.corrections.length === 0
      ? '<p class="muted">No corrections.</p>'
      : table(['reason', 'records'], o.corrections.map((c) => [html(c.reason), num(c.n)]), ['', 'num']);
  const errors =
    o.topErrors.length === 0 ? '' : `<h3>Most frequent parse errors</h3>${table(['error', 'records'], o.topErrors.map((e) => [html(e.error), num(e.n)]), ['', 'num'])}`;
  return `<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>
<div class="stats">${stats.join('')}</div>
${o.untimed > 0 ? `<p class="muted">${num(o.untimed)} records have no event time and are not in the hourly charts.</p>` : ''}
${charts}
<div class="grid2"><div><h3>Corrections applied, by reason</h3>${corrections}</div><div><h3>Parse errors and quarantine</h3><p>${num(o.parseErrors)} records kept raw with a parse error; ${num(o.quarantined)} events in the quarantine table.</p>${errors}</div></div>
</section>`;
}

function indexSection(pages: readonly FindingPage[]): string {
  if (pages.length === 0) return '<section id="findings"><h2>Findings</h2><p>No findings.</p></section>';
  const items = pages.map(
    (p) => `<li><span class="badge ${html(p.finding.severity)}">${html(p.finding.severity)}</span> <a href="#${html(p.finding.finding_id)}">${html(p.finding.summary)}</a></li>`,
  );
  return `<section id="findings"><h2>Findings (${pages.length}), most severe and newest first</h2><nav aria-label="findings"><ol>${items.join('')}</ol></nav></section>`;
}

function findingSection(p: FindingPage): string {
  const f = p.finding;
  const cause = typeof f.details.suspected_cause === 'string' ? f.details.suspected_cause : null;
  const facts: Array<[string, string]> = [
    ['severity', `<span class="badge ${html(f.severity)}">${html(f.severity)}</span> ${html(f.type)}`],
    ['where', html(where(f))],
    ['when', html(timeRange(f.time, f.time_end))],
    ...(cause !== null ? [['suspected cause', html(cause)] as [string, string]] : []),
    ...memoryFacts(f),
    ['what to do', html(f.remediation)],
    ['finding id', `<code>${html(f.finding_id)}</code>`],
  ];
  const charts = findingCharts(f, p.evidence);
  const chartHtml =
    charts.length === 0 ? '<p class="muted">No evidence record with an event time was found, so there is no timeline.</p>' : charts.map((c, i) => figure(`${f.finding_id}-c${i}`, c)).join('');
  return `<section class="finding sev-${html(f.severity)}" id="${html(f.finding_id)}" aria-labelledby="${html(f.finding_id)}-h">
<h2 id="${html(f.finding_id)}-h">${html(f.summary)}</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${html(k)}</dt><dd>${v}</dd>`).join('')}</dl>
${chartHtml}
${evidenceTable(p)}
<details><summary>All details (JSON fields)</summary>${detailsTable(f.details)}</details>
</section>`;
}

function memoryFacts(f: Finding): Array<[string, string]> {
  const figures = OOM_MEMORY_FIGURES.filter(([k]) => typeof f.details[k] === 'number').map(([k, label]) => `${label} ${kb(f.details[k] as number)}`);
  const out: Array<[string, string]> = [];
  if (figures.length > 0) out.push(['memory (kernel)', html(figures.join(', '))]);
  const pod = f.details.pod ?? f.details.pod_uid;
  const container = f.details.container_name ?? f.details.container_id;
  if (typeof pod === 'string') out.push(['pod / container', html(`${pod}${typeof container === 'string' ? ` / ${container}` : ''}`)]);
  return out;
}

function evidenceTable(p: FindingPage): string {
  const shown = p.evidence.slice(0, EVIDENCE_ROWS);
  const leftOut = p.evidence.length - shown.length;
  const notes: string[] = [];
  if (leftOut > 0) notes.push(`${leftOut} more evidence record${leftOut === 1 ? '' : 's'} not shown`);
  if (p.missing > 0) notes.push(`${p.missing} of the finding's ${p.finding.evidence.length} evidence records ${p.missingWhere ?? 'were not found in the tables read'}`);
  const rows = shown.map(
    (r) =>
      `<tr><td class="mono">${html(shortTime(r.time ?? '-'))}</td><td>${html(r.host ?? '-')}</td><td>${html(r.app ?? '-')}</td><td>${html(r.severity_name)}</td><td class="msg">${html(r.message.length > MESSAGE_CHARS ? r.message.slice(0, MESSAGE_CHARS) + ' …(cut)' : r.message)}${r.message_encoding !== null ? ` <span class="enc">(${html(r.message_encoding)})</span>` : ''}</td></tr>`,
  );
  return `<h3>Evidence (${p.evidence.length} record${p.evidence.length === 1 ? '' : 's'})</h3>
${shown.length === 0 ? '' : `<div class="scroll"><table class="evidence"><colgroup><col class="t"><col class="h"><col class="a"><col class="s"><col></colgroup><thead><tr><th>time</th><th>host</th><th>app</th><th>severity</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`}
${notes.length > 0 ? `<p class="muted">${html(notes.join('; '))}.</p>` : ''}`;
}

function detailsTable(details: Record<string, unknown>): string {
  const rows = Object.entries(details).map(([k, v]) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return [`<code>${html(k)}</code>`, html(text.length > 2000 ? text.slice(0, 1999) + '…' : text)];
  });
  return table(['field', 'value'], rows);
}

/** A chart: the drawing (by the page's script), its data as JSON, and the same data as a table. */
function figure(id: string, c: ChartSpec): string {
  const rows: string[][] = [];
  for (const s of c.series) {
    for (const [t, y, note] of s.points) rows.push([new Date(Math.round(t * 1000)).toISOString(), c.y.kind === 'lanes' ? c.y.lanes[y] ?? '' : String(y), s.label, note]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const shown = rows.slice(0, CHART_TABLE_ROWS);
  const head = c.y.kind === 'lanes' ? ['time', 'row', 'series', 'what'] : ['time', c.y.label, 'series', 'what'];
  const more = rows.length > shown.length ? `<p class="muted">${rows.length - shown.length} more points not listed.</p>` : '';
  return `<figure data-chart id="${html(id)}" role="group" aria-labelledby="${html(id)}-cap">
<figcaption id="${html(id)}-cap">${html(c.title)}</figcaption>
<div class="plot" role="img" aria-label="${html(c.alt)}"></div>
<div class="readout" aria-live="polite">&nbsp;</div>
<script type="application/json">${jsonInScript(c)}</script>
<details><summary>Chart as a table (${rows.length} point${rows.length === 1 ? '' : 's'})</summary><div class="scroll">${table(head, shown.map((r) => [html(shortTime(r[0])), html(r[1]), html(r[2]), html(r[3])]))}</div>${more}</details>
</figure>`;
}

function table(head: readonly string[], rows: readonly string[][], classes: readonly string[] = []): string {
  const th = head.map((h, i) => `<th${classes[i] ? ` class="${classes[i]}"` : ''}>${html(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${classes[i] ? ` class="${classes[i]}"` : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

function stat(label: string, value: string, wide = false): string {
  return `<div class="stat${wide ? ' wide' : ''}"><span class="muted">${html(label)}</span><b>${html(value)}</b></div>`;
}

function num(n: number): string {
  return html(n.toLocaleString('en-US'));
}

function where(f: Finding): string {
  if (f.host !== null && f.cluster !== null) return `host ${f.host}, cluster ${f.cluster}`;
  if (f.host !== null) return `host ${f.host}`;
  if (f.cluster !== null) return `cluster ${f.cluster}`;
  return 'not named by the records';
}

/** `2026-11-26 01:55:00Z – 02:10:30Z` on one day, else both dates. */
export function timeRange(from: string, to: string): string {
  const a = shortTime(from);
  const b = shortTime(to);
  if (a === b) return a;
  return a.slice(0, 10) === b.slice(0, 10) && b[10] === ' ' ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}

/** `2026-11-26 02:00:12.633Z`: RFC 3339 to the millisecond, with a space for reading. */
export function shortTime(t: string): string {
  if (t.length < 20 || t[10] !== 'T' || !t.endsWith('Z')) return t;
  const ms = t[19] === '.' ? t.slice(20, 23) : '';
  return `${t.slice(0, 10)} ${t.slice(11, 19)}${ms !== '' && ms !== '000' ? '.' + ms : ''}Z`;
}
