/** Time helpers: every record time is RFC 3339 UTC with exactly six fractional digits. */

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/**
 * Formats microseconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
 * Takes a bigint or a decimal string so that µs precision survives (doubles lose it past 2^53 ns).
 */
export function formatMicros(micros: bigint): string {
  const ms = micros / 1000n;
  let frac = micros % 1_000_000n;
  if (frac < 0n) frac += 1_000_000n;
  const d = new Date(Number(ms));
  return (
    d.getUTCFullYear().toString().padStart(4, '0') + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) +
    'T' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds()) +
    '.' + frac.toString().padStart(6, '0') + 'Z'
  );
}

/** Parses a decimal µs string (journald's `__REALTIME_TIMESTAMP`); null when it is not one. */
export function parseMicrosString(s: string | null | undefined): bigint | null {
  if (s == null || s.length === 0 || s.length > 20) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return BigInt(s);
}

/** Formats epoch milliseconds plus extra microseconds (0..999) as a record time. */
export function formatMillis(ms: number, extraMicros = 0): string {
  return formatMicros(BigInt(Math.trunc(ms)) * 1000n + BigInt(extraMicros));
}

/** Formats a JS Date (millisecond precision) as a record time. */
export function formatDate(d: Date): string {
  return formatMillis(d.getTime());
}
