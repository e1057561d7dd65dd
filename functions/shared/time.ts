/** Time helpers: every record time is RFC 3339 UTC with exactly six fractional digits. */

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

// Consecutive events mostly share their second, so the `YYYY-MM-DDTHH:MM:SS.` part is cached.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

function secondPrefix(second: number): string {
  if (second === cachedSecond) return cachedPrefix;
  const d = new Date(second * 1000);
  const prefix =
    d.getUTCFullYear().toString().padStart(4, '0') + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) +
    'T' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds()) + '.';
  cachedSecond = second;
  cachedPrefix = prefix;
  return prefix;
}

/**
 * Formats microseconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. Takes a bigint
 * (journald's µs strings) or a number; both are exact for any date before year 287396.
 */
export function formatMicros(micros: bigint | number): string {
  const n = typeof micros === 'bigint' ? Number(micros) : micros;
  const second = Math.floor(n / 1_000_000);
  const frac = n - second * 1_000_000;
  const f = String(frac);
  return secondPrefix(second) + (f.length < 6 ? '000000'.slice(f.length) + f : f) + 'Z';
}

/** Parses a decimal µs string (journald's `__REALTIME_TIMESTAMP`); null when it is not one. */
export function parseMicrosString(s: string | null | undefined): bigint | null {
  if (s == null || s.length === 0 || s.length > 16) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return BigInt(s);
}

/** Formats epoch milliseconds plus extra microseconds (0..999) as a record time. */
export function formatMillis(ms: number, extraMicros = 0): string {
  return formatMicros(Math.trunc(ms) * 1000 + extraMicros);
}

/** Formats a JS Date (millisecond precision) as a record time. */
export function formatDate(d: Date): string {
  return formatMillis(d.getTime());
}

// The inverse keeps its own cache: rows of one batch mostly share their second too.
let parsedPrefix = '';
let parsedSecondMicros = 0;

/** µs since the Unix epoch of a record time (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, the inverse of formatMicros). */
export function recordTimeMicros(t: string): bigint {
  const prefix = t.slice(0, 20);
  if (prefix !== parsedPrefix) {
    const ms = Date.parse(t.slice(0, 19) + 'Z');
    if (Number.isNaN(ms) || t.length !== 27) throw new Error(`not a record time: ${t.slice(0, 40)}`);
    parsedPrefix = prefix;
    parsedSecondMicros = ms * 1000;
  }
  return BigInt(parsedSecondMicros + Number(t.slice(20, 26)));
}
