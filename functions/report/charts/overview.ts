import type { HourCount } from '../report-data.js';
import { colorAt, seconds, type ChartSeries, type ChartSpec } from './spec.js';

/** Records per hour, one line per key (source format, severity), each hour with a point. */
export function perHourChart(title: string, what: string, counts: readonly HourCount[], order?: readonly string[]): ChartSpec {
  const keys = [...new Set(counts.map((c) => c.key))].sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : 1));
  const series: ChartSeries[] = keys.map((key, i) => ({
    label: key,
    color: colorAt(i),
    line: true,
    points: counts.filter((c) => c.key === key).map((c): [number, number, string] => [seconds(c.hour), c.n, `${key}: ${c.n} records`]),
  }));
  const total = counts.reduce((n, c) => n + c.n, 0);
  return {
    title,
    alt: `${total} records per hour by ${what}: ${keys.map((k) => `${k} ${counts.filter((c) => c.key === k).reduce((n, c) => n + c.n, 0)}`).join(', ')}.`,
    y: { kind: 'value', label: 'records per hour' },
    series,
  };
}

function rank(order: readonly string[] | undefined, key: string): number {
  const i = order?.indexOf(key) ?? -1;
  return i < 0 ? 1000 : i;
}
