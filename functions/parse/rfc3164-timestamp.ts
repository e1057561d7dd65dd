/**
 * The timestamp forms real BSD-syslog senders write, scanned from bytes:
 *   - RFC 3164 `Mmm dd hh:mm:ss`, day space- or zero-padded (`Oct  1`, `Oct 01`, `Oct 1`);
 *   - with a year before the time (Cisco `Mar  1 2026 18:46:11`), fractional seconds
 *     (Cisco `.123`), a Cisco clock marker in front (`*` not synchronised, `.` sync lost);
 *   - followed by a zone word and/or a year (`date`-style `Aug 24 05:34:00 CST 1987`, Cisco
 *     `... 18:46:11.123 UTC:`);
 *   - RFC 3339 / ISO 8601 as rsyslog writes with RSYSLOG_ForwardFormat / FileFormat
 *     (`2026-11-26T01:02:03.123456+01:00`); without an offset it is local time.
 * Every form has a fixed maximum length, so scanning is bounded whatever the input.
 */

export interface Stamp {
  /** -1 when the wire gives no year. */
  year: number;
  /** 0..11 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** UTC offset the timestamp states, in minutes; NaN when it states none. */
  offsetMinutes: number;
  /** The offset came from a zone abbreviation, which may be ambiguous (see ZONE_WORDS). */
  offsetIsWord: boolean;
}

export function newStamp(): Stamp {
  return { year: -1, month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0, offsetMinutes: NaN, offsetIsWord: false };
}

const SP = 0x20;
const COLON = 0x3a;
const DOT = 0x2e;
const STAR = 0x2a;
const MAX_FRACTION_DIGITS = 9;
const MICRO_SCALE = [100000, 10000, 1000, 100, 10, 1];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A bare 4-digit number after the time is a year only in this range (else it is a hostname). */
const MIN_TRAILING_YEAR = 1970;
const MAX_TRAILING_YEAR = 2099;

/**
 * Zone words: UT/UTC/GMT/Z are exact. The others are abbreviations (RFC 5322 §4.3 for the US
 * ones, common usage for the rest) and labels can be ambiguous: `CST` is US Central in RFC 5322
 * but China Standard Time on Chinese Linux hosts, and Cisco's `clock timezone NAME` accepts any
 * label. So a word only sets the offset when the host has no zone of its own (see rfc3164-time).
 */
const ZONE_WORDS: ReadonlyMap<string, number> = new Map([
  ['UT', 0], ['UTC', 0], ['GMT', 0], ['Z', 0],
  ['EST', -300], ['EDT', -240], ['CST', -360], ['CDT', -300],
  ['MST', -420], ['MDT', -360], ['PST', -480], ['PDT', -420],
  ['AKST', -540], ['AKDT', -480], ['HST', -600],
  ['WET', 0], ['WEST', 60], ['CET', 60], ['CEST', 120], ['MET', 60], ['MEST', 120],
  ['EET', 120], ['EEST', 180], ['MSK', 180],
  ['JST', 540], ['KST', 540], ['HKT', 480], ['SGT', 480], ['AWST', 480],
  ['ACST', 570], ['ACDT', 630], ['AEST', 600], ['AEDT', 660], ['NZST', 720], ['NZDT', 780],
]);
const EXACT_ZONE_WORDS = new Set(['UT', 'UTC', 'GMT', 'Z']);
const MAX_ZONE_WORD = 4;

/** Month index of a 3-letter English month name at p (any case), or -1. */
function monthAt(b: Uint8Array, p: number): number {
  const key = ((b[p] | 0x20) << 16) | ((b[p + 1] | 0x20) << 8) | (b[p + 2] | 0x20);
  switch (key) {
    case 0x6a616e: return 0; // jan
    case 0x666562: return 1; // feb
    case 0x6d6172: return 2; // mar
    case 0x617072: return 3; // apr
    case 0x6d6179: return 4; // may
    case 0x6a756e: return 5; // jun
    case 0x6a756c: return 6; // jul
    case 0x617567: return 7; // aug
    case 0x736570: return 8; // sep
    case 0x6f6374: return 9; // oct
    case 0x6e6f76: return 10; // nov
    case 0x646563: return 11; // dec
    default: return -1;
  }
}

function digitAt(b: Uint8Array, p: number, end: number): number {
  if (p >= end) return -1;
  const d = b[p] - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** n digits at p as a number, or -1. */
function digitsAt(b: Uint8Array, p: number, n: number, end: number): number {
  if (p + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = b[p + k] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** A timestamp ends at the end of input, a space, or (Cisco) a colon. */
function isStampEnd(b: Uint8Array, p: number, end: number): boolean {
  return p >= end || b[p] === SP || b[p] === COLON;
}

/** `hh:mm:ss[.fff]` at p (hour may be one digit). Returns the end, or -1. */
function clockAt(b: Uint8Array, p: number, end: number, out: Stamp): number {
  let hour = digitAt(b, p, end);
  if (hour < 0) return -1;
  p++;
  const h2 = digitAt(b, p, end);
  if (h2 >= 0) {
    hour = hour * 10 + h2;
    p++;
  }
  if (p >= end || b[p] !== COLON) return -1;
  const minute = digitsAt(b, p + 1, 2, end);
  if (minute < 0 || p + 3 >= end || b[p + 3] !== COLON) return -1;
  const second = digitsAt(b, p + 4, 2, end);
  // 60 is a leap second; Date.UTC carries it into the next minute.
  if (second < 0 || hour > 23 || minute > 59 || second > 60) return -1;
  p += 6;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.micros = 0;
  if (p < end && (b[p] === DOT || b[p] === 0x2c) && digitAt(b, p + 1, end) >= 0) {
    p++;
    let n = 0;
    let micros = 0;
    while (p < end && n <= MAX_FRACTION_DIGITS) {
      const d = b[p] - 48;
      if (d < 0 || d > 9) break;
      if (n < 6) micros += d * MICRO_SCALE[n];
      n++;
      p++;
    }
    if (n > MAX_FRACTION_DIGITS) return -1;
    out.micros = micros;
  }
  return p;
}

/** ` YYYY` (a plausible year) ending a timestamp field at p; returns the end or -1. */
function trailingYearAt(b: Uint8Array, p: number, end: number): number {
  if (p >= end || b[p] !== SP) return -1;
  const year = digitsAt(b, p + 1, 4, end);
  // Not before a colon: `2001:db8::1` is an IPv6 hostname.
  if (year < MIN_TRAILING_YEAR || year > MAX_TRAILING_YEAR || (p + 5 < end && b[p + 5] !== SP)) return -1;
  return year;
}

/** ` ZONE` (a known upper-case zone word) at p; sets the offset and returns the end, or -1. */
function zoneWordAt(b: Uint8Array, p: number, end: number, out: Stamp): number {
  if (p >= end || b[p] !== SP) return -1;
  let q = p + 1;
  while (q < end && q - p <= MAX_ZONE_WORD && b[q] >= 0x41 && b[q] <= 0x5a) q++;
  if (q === p + 1 || q - p - 1 > MAX_ZONE_WORD || !isStampEnd(b, q, end)) return -1;
  const word = String.fromCharCode(...b.subarray(p + 1, q));
  const offset = ZONE_WORDS.get(word);
  if (offset === undefined) return -1;
  out.offsetMinutes = offset;
  out.offsetIsWord = !EXACT_ZONE_WORDS.has(word);
  return q;
}

/** BSD form at p (optionally after a Cisco `*`/`.` clock marker). Returns the end, or -1. */
function bsdStampAt(b: Uint8Array, p: number, end: number, out: Stamp): number {
  if (p < end && (b[p] === STAR || b[p] === DOT)) p++;
  if (p + 14 > end) return -1;
  const month = monthAt(b, p);
  if (month < 0 || b[p + 3] !== SP) return -1;
  p += 4;
  if (b[p] === SP) p++;
  let day = digitAt(b, p, end);
  if (day < 0) return -1;
  p++;
  const d2 = digitAt(b, p, end);
  if (d2 >= 0) {
    day = day * 10 + d2;
    p++;
  }
  if (day < 1 || day > DAYS_IN_MONTH[month] || p >= end || b[p] !== SP) return -1;
  p++;
  out.year = -1;
  out.offsetMinutes = NaN;
  out.offsetIsWord = false;
  const leadingYear = digitsAt(b, p, 4, end);
  if (leadingYear >= 0 && p + 4 < end && b[p + 4] === SP) {
    out.year = leadingYear;
    p += 5;
  }
  p = clockAt(b, p, end, out);
  if (p < 0) return -1;
  out.month = month;
  out.day = day;
  // Optional trailers in the orders senders use: `YYYY`, `ZONE`, `ZONE YYYY`, `YYYY ZONE`.
  for (let k = 0; k < 2; k++) {
    if (out.year < 0) {
      const year = trailingYearAt(b, p, end);
      if (year >= 0) {
        out.year = year;
        p += 5;
        continue;
      }
    }
    if (out.offsetMinutes !== out.offsetMinutes) {
      const q = zoneWordAt(b, p, end, out);
      if (q >= 0) {
        p = q;
        continue;
      }
    }
    break;
  }
  if (month === 1 && day === 29 && out.year >= 0 && !isLeapYear(out.year)) return -1;
  return isStampEnd(b, p, end) ? p : -1;
}

/** RFC 3339 / ISO 8601 at p: `YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm|±hhmm]`. Returns the end, or -1. */
function isoStampAt(b: Uint8Array, p: number, end: number, out: Stamp): number {
  if (p + 19 > end) return -1;
  const year = digitsAt(b, p, 4, end);
  const month = digitsAt(b, p + 5, 2, end);
  const day = digitsAt(b, p + 8, 2, end);
  if (year < 0 || b[p + 4] !== 0x2d || month < 1 || month > 12 || b[p + 7] !== 0x2d || day < 1) return -1;
  if ((b[p + 10] | 0x20) !== 0x74 /* T */) return -1;
  if (day > DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && !isLeapYear(year))) return -1;
  if (digitAt(b, p + 12, end) < 0) return -1; // two-digit hour
  p = clockAt(b, p + 11, end, out);
  if (p < 0) return -1;
  out.year = year;
  out.month = month - 1;
  out.day = day;
  out.offsetMinutes = NaN;
  out.offsetIsWord = false;
  if (p < end && (b[p] | 0x20) === 0x7a /* Z */) {
    out.offsetMinutes = 0;
    p++;
  } else if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) {
    const sign = b[p] === 0x2d ? -1 : 1;
    const hh = digitsAt(b, p + 1, 2, end);
    const colon = p + 3 < end && b[p + 3] === COLON ? 1 : 0;
    const mm = digitsAt(b, p + 3 + colon, 2, end);
    if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return -1;
    out.offsetMinutes = sign * (hh * 60 + mm);
    p += 5 + colon;
  }
  return p >= end || b[p] === SP ? p : -1;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Any accepted timestamp form at p. Fills `out`; returns the index after it, or -1. */
export function timestampAt(b: Uint8Array, p: number, end: number, out: Stamp): number {
  const c = b[p];
  if (c >= 0x30 && c <= 0x39) return isoStampAt(b, p, end, out);
  return bsdStampAt(b, p, end, out);
}
