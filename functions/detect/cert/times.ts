/**
 * The certificate times TLS stacks print, read by scanning (no regex): each parser takes the
 * text at a position and returns epoch milliseconds, or null when the text is not that form.
 */

import { digitsAt } from '../../shared/digits.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Zone abbreviations Java's Date.toString() prints that name one fixed offset (minutes east).
 * Ambiguous ones (CST is also China, IST is India/Ireland/Israel) are left out on purpose.
 */
const ZONE_OFFSETS: Record<string, number> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660,
  NZST: 720, NZDT: 780, EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
};

function isDigit(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  return c >= 48 && c <= 57;
}

function monthAt(s: string, at: number): number {
  return MONTHS.indexOf(s.slice(at, at + 3));
}

/** Date.UTC with range checks; null when a field is out of range. */
function utc(y: number, mo: number, d: number, h: number, mi: number, sec: number, ms = 0): number | null {
  if (y < 1900 || mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0) return null;
  return Date.UTC(y, mo, d, h, mi, sec, ms);
}

/** Skips `.f{1,9}` at `at`; returns [end, milliseconds]. */
function fraction(s: string, at: number): [number, number] {
  if (s.charCodeAt(at) !== 46 /* . */ || !isDigit(s, at + 1)) return [at, 0];
  let j = at + 1;
  let ms = 0;
  let scale = 100;
  while (j < s.length && j - at <= 9 && isDigit(s, j)) {
    ms += (s.charCodeAt(j) - 48) * scale;
    scale /= 10;
    j++;
  }
  return [j, Math.floor(ms)];
}

/** `HH:MM:SS` at `at` → [hour, minute, second] or null. */
function clock(s: string, at: number): [number, number, number] | null {
  if (s[at + 2] !== ':' || s[at + 5] !== ':') return null;
  const h = digitsAt(s, at, 2);
  const mi = digitsAt(s, at + 3, 2);
  const sec = digitsAt(s, at + 6, 2);
  return h < 0 || mi < 0 || sec < 0 ? null : [h, mi, sec];
}

export interface ParsedTime {
  ms: number;
  /** Index just past the parsed text. */
  end: number;
}

/** RFC 3339 as Go's time.RFC3339 writes it: `2026-11-26T01:25:15Z`, `…+01:00`, optional fraction. */
export function rfc3339At(s: string, at: number): ParsedTime | null {
  const y = digitsAt(s, at, 4);
  if (y < 0 || s[at + 4] !== '-' || s[at + 7] !== '-' || (s[at + 10] !== 'T' && s[at + 10] !== 't')) return null;
  const mo = digitsAt(s, at + 5, 2);
  const d = digitsAt(s, at + 8, 2);
  const hms = clock(s, at + 11);
  if (mo < 0 || d < 0 || !hms) return null;
  const [j, ms] = fraction(s, at + 19);
  let offsetMin = 0;
  let end = j;
  const z = s[j];
  if (z === 'Z' || z === 'z') end = j + 1;
  else if ((z === '+' || z === '-') && s[j + 3] === ':') {
    const oh = digitsAt(s, j + 1, 2);
    const om = digitsAt(s, j + 4, 2);
    if (oh < 0 || om < 0) return null;
    offsetMin = (z === '+' ? 1 : -1) * (oh * 60 + om);
    end = j + 6;
  } else return null;
  const base = utc(y, mo - 1, d, hms[0], hms[1], hms[2], ms);
  return base === null ? null : { ms: base - offsetMin * 60_000, end };
}

/** Go's default time.Time format (`%v`): `2026-12-01 10:00:00.12 +0000 UTC`. */
export function goTimeAt(s: string, at: number): ParsedTime | null {
  const y = digitsAt(s, at, 4);
  if (y < 0 || s[at + 4] !== '-' || s[at + 7] !== '-' || s[at + 10] !== ' ') return null;
  const mo = digitsAt(s, at + 5, 2);
  const d = digitsAt(s, at + 8, 2);
  const hms = clock(s, at + 11);
  if (mo < 0 || d < 0 || !hms) return null;
  const [j, ms] = fraction(s, at + 19);
  const sign = s[j + 1];
  if (s[j] !== ' ' || (sign !== '+' && sign !== '-')) return null;
  const oh = digitsAt(s, j + 2, 2);
  const om = digitsAt(s, j + 4, 2);
  if (oh < 0 || om < 0) return null;
  let end = j + 6;
  // The zone abbreviation that follows (`UTC`, `CET`, or `+08` for unnamed zones) adds nothing.
  if (s[end] === ' ') {
    let k = end + 1;
    while (k < s.length && k - end <= 6 && s.charCodeAt(k) > 32 && s[k] !== ',') k++;
    end = k;
  }
  const base = utc(y, mo - 1, d, hms[0], hms[1], hms[2], ms);
  return base === null ? null : { ms: base - (sign === '+' ? 1 : -1) * (oh * 60 + om) * 60_000, end };
}

/** OpenSSL's ASN1_TIME_print: `Mar  1 12:00:00 2024 GMT` (day padded with a space), optional fraction. */
export function asn1PrintAt(s: string, at: number): ParsedTime | null {
  const mo = monthAt(s, at);
  if (mo < 0 || s[at + 3] !== ' ') return null;
  const d = s[at + 4] === ' ' ? digitsAt(s, at + 5, 1) : digitsAt(s, at + 4, 2);
  const hms = s[at + 6] === ' ' ? clock(s, at + 7) : null;
  if (d < 0 || !hms) return null;
  const [j, ms] = fraction(s, at + 15);
  const y = s[j] === ' ' ? digitsAt(s, j + 1, 4) : -1;
  if (y < 0) return null;
  let end = j + 5;
  if (s.startsWith(' GMT', end)) end += 4;
  const t = utc(y, mo, d, hms[0], hms[1], hms[2], ms);
  return t === null ? null : { ms: t, end };
}

/** Java's Date.toString(): `Sat Mar 01 12:00:00 UTC 2024`. Null when the zone is unknown or ambiguous. */
export function javaDateAt(s: string, at: number): ParsedTime | null {
  if (s[at + 3] !== ' ') return null;
  const mo = monthAt(s, at + 4);
  const d = digitsAt(s, at + 8, 2);
  const hms = s[at + 10] === ' ' ? clock(s, at + 11) : null;
  if (mo < 0 || d < 0 || !hms || s[at + 19] !== ' ') return null;
  let k = at + 20;
  while (k < s.length && k - at < 26 && s[k] !== ' ') k++;
  const zone = s.slice(at + 20, k);
  const y = digitsAt(s, k + 1, 4);
  if (y < 0) return null;
  const offset = zoneOffset(zone);
  if (offset === null) return null;
  const t = utc(y, mo, d, hms[0], hms[1], hms[2]);
  return t === null ? null : { ms: t - offset * 60_000, end: k + 5 };
}

/** `UTC`, `PDT`, or Java's custom `GMT+05:30`; minutes east of UTC, or null. */
function zoneOffset(zone: string): number | null {
  const known = ZONE_OFFSETS[zone];
  if (known !== undefined) return known;
  if (zone.length === 9 && zone.startsWith('GMT') && zone[6] === ':') {
    const h = digitsAt(zone, 4, 2);
    const m = digitsAt(zone, 7, 2);
    if (h < 0 || m < 0 || (zone[3] !== '+' && zone[3] !== '-')) return null;
    return (zone[3] === '+' ? 1 : -1) * (h * 60 + m);
  }
  return null;
}
