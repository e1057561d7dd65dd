import type { Finding } from '../../detect/types.js';
import type { EvidenceRecord } from '../report-data.js';
import { clip, colorAt, seconds, type ChartSpec } from './spec.js';

/** A not-after/not-before date further than this from the occurrences would squeeze them to one point: it stays in the text. */
const BOUND_ON_AXIS_S = 45 * 86400;

/**
 * Certificate findings: each occurrence (evidence record) on one lane named by the certificate's
 * scope and subject or peer, and its not-after (or not-before) date on the same axis when it is
 * near enough to read.
 */
export function certChart(f: Finding, evidence: readonly EvidenceRecord[]): ChartSpec {
  const d = f.details;
  const scope = typeof d.scope === 'string' ? d.scope : 'unknown';
  const who = str(d.subject) ?? str(d.peer) ?? str(d.app) ?? 'certificate';
  const lane = `${who} (scope: ${scope})`;
  const occurrences = evidence
    .filter((r) => r.time !== null)
    .map((r): [number, number, string] => [seconds(r.time), 0, `${r.host ?? '(no host)'} ${r.app ?? ''}: ${clip(r.message)}`]);
  const boundName = typeof d.not_before === 'string' ? 'notBefore' : 'notAfter';
  const bound = str(d.not_after) ?? str(d.not_before);
  const series: ChartSpec['series'] = [{ label: 'occurrence', color: colorAt(0), points: occurrences }];
  const boundS = bound === null ? NaN : seconds(bound);
  const near = occurrences.length > 0 && Math.abs(boundS - occurrences[0][0]) <= BOUND_ON_AXIS_S;
  if (near) series.push({ label: boundName, color: colorAt(1), points: [[boundS, 0, `${boundName} ${bound}`]] });
  return {
    title: 'Occurrences and validity',
    alt: `${occurrences.length} occurrence(s) of ${f.type} for ${lane}${bound !== null ? `; ${boundName} ${bound}` : '; the log lines do not state the certificate dates'}.`,
    y: { kind: 'lanes', lanes: [lane] },
    series,
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
