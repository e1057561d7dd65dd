import type { Finding } from '../../detect/types.js';
import type { EvidenceRecord } from '../report-data.js';
import { clip, colorAt, seconds, type ChartSeries, type ChartSpec } from './spec.js';

/** Series beyond this many apps are drawn as one "other apps" series. */
const MAX_SERIES = 7;

/**
 * Any finding type: its evidence records on a time axis, one lane per host, one colour per app.
 * Finding types added later (node incidents, …) get this chart with no change here.
 */
export function byHostChart(f: Finding, evidence: readonly EvidenceRecord[], title = 'Evidence by host'): ChartSpec {
  const lanes = [...new Set(evidence.map((r) => r.host ?? '(no host)'))].sort();
  const apps = countBy(evidence.map((r) => r.app ?? '(no app)'));
  const shown = new Set(apps.slice(0, MAX_SERIES).map(([a]) => a));
  const series = new Map<string, ChartSeries>();
  for (const r of evidence) {
    const t = seconds(r.time);
    if (Number.isNaN(t)) continue;
    const app = r.app ?? '(no app)';
    const label = shown.has(app) ? app : 'other apps';
    let s = series.get(label);
    if (s === undefined) series.set(label, (s = { label, color: colorAt(series.size), points: [] }));
    s.points.push([t, lanes.indexOf(r.host ?? '(no host)'), `${app} (${r.severity_name}): ${clip(r.message)}`]);
  }
  return {
    title,
    alt: `The ${evidence.length} evidence records of this ${f.type} finding on a time axis, one row per host (${lanes.join(', ')}), coloured by app.`,
    y: { kind: 'lanes', lanes },
    series: [...series.values()],
  };
}

/** [value, count], most frequent first. */
function countBy(values: readonly string[]): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
