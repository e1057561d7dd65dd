import { rx } from '../../shared/safe-regex.js';

/**
 * What the page's script draws with uPlot: time on x (epoch seconds), and on y either lanes
 * (one row per host, member, certificate: the event charts) or a value (counts, durations).
 * Every chart also goes into the page as a table, its text alternative.
 */
export interface ChartSeries {
  label: string;
  color: string;
  /** [epoch seconds, y (lane index or value), what the point is, in words]. */
  points: Array<[number, number, string]>;
  /** Draw lines between points (counts per hour); else points only (events). */
  line?: boolean;
}

export type YAxis = { kind: 'lanes'; lanes: string[] } | { kind: 'value'; label: string };

export interface ChartSpec {
  title: string;
  /** One or two sentences: what the chart shows; the figure's accessible name. */
  alt: string;
  y: YAxis;
  series: ChartSeries[];
}

/** Okabe–Ito (told apart with the common colour-vision deficiencies), with grey and brown for its black and yellow, which vanish on a dark or light page. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#808080', '#A6761D'];

export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Epoch seconds (fractional) of an RFC 3339 record time; NaN for null. */
export function seconds(time: string | null): number {
  return time === null ? NaN : Date.parse(time) / 1000;
}

/** At most `max` characters of one line, for a point's note. */
const WHITESPACE = rx(/\s+/g);

export function clip(text: string, max = 160): string {
  const line = text.replace(WHITESPACE, ' ');
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

/**
 * Empty series dropped, and points sorted by time with equal times within a series moved apart by
 * a microsecond each: uPlot keys a series' values by x, so two hosts' lines in the same
 * microsecond would otherwise be one point.
 */
export function compact(spec: ChartSpec): ChartSpec {
  const series = spec.series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const points = [...s.points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 1; i < points.length; i++) {
        if (points[i][0] <= points[i - 1][0]) points[i] = [points[i - 1][0] + 1e-6, points[i][1], points[i][2]];
      }
      return { ...s, points };
    });
  return { ...spec, series };
}
