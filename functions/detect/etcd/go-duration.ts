/**
 * Go's time.Duration.String() output, as etcd prints every duration it warns about (capnslog
 * `%v` and zap.Duration alike): `1.263337456s`, `61.150187ms`, `2m3.5s`, `850µs`, `0s`.
 * Returns milliseconds, or null when the text at `at` is not one. Reads at most 40 characters.
 */
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ns: 1e-6 };
const MAX_LENGTH = 40;

export function goDurationMs(s: string, at = 0): number | null {
  const limit = Math.min(s.length, at + MAX_LENGTH);
  let i = at;
  let total = 0;
  let parts = 0;
  while (i < limit) {
    const start = i;
    while (i < limit && isDigitOrDot(s.charCodeAt(i))) i++;
    if (i === start) break;
    const value = Number(s.slice(start, i));
    const unitStart = i;
    while (i < limit && i - unitStart < 2 && isUnitChar(s.charCodeAt(i))) i++;
    // `m` followed by `s` is milliseconds; `m` alone is minutes.
    const unit = s.slice(unitStart, i);
    const ms = UNIT_MS[unit];
    if (!Number.isFinite(value) || ms === undefined) return null;
    total += value * ms;
    parts++;
  }
  return parts > 0 ? total : null;
}

function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

function isUnitChar(c: number): boolean {
  return c === 104 || c === 109 || c === 115 || c === 117 || c === 110 || c === 0xb5 || c === 0x3bc;
}

/** A duration for a sentence: `850ms`, `1.4s`, `75s`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return s < 10 ? `${Number(s.toFixed(1))}s` : `${Math.round(s)}s`;
}
