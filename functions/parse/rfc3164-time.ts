import { isLeapYear, type Stamp } from './rfc3164-timestamp.js';
import { wallTimeToUtc } from './rfc3164-zone.js';

/**
 * Turns a scanned RFC 3164 timestamp into a record time: supplies the missing year, applies
 * the zone, formats as RFC 3339 UTC with µs.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/**
 * How far after its receive time an event may claim to be (sender clock ahead, a January line
 * received on Dec 31). Beyond this the previous year is meant: a late or replayed line is far
 * more common than a clock months fast, and a time in the future breaks "last N minutes" queries.
 */
export const MAX_FUTURE_MS = 7 * DAY_MS;
/** How many years back a Feb 29 may look for a leap year. */
const MAX_YEARS_BACK = 8;

/** The UTC year of the last receive time seen, and when the next year starts (lines come in bursts). */
let receivedYearOf = NaN;
let receivedYear = 0;
let nextYearStartMs = 0;

/**
 * Wall time (as if UTC) of a stamp, supplying a missing year: the latest year that puts it no
 * more than MAX_FUTURE_MS after `receivedMs`. Compared as wall times: a ±14 h zone offset is
 * negligible against that margin and the year-long spacing of the candidates.
 */
export function stampWallMs(s: Stamp, receivedMs: number): number {
  if (s.year >= 0) return wallMs(s.year, s);
  if (receivedMs !== receivedYearOf) {
    receivedYearOf = receivedMs;
    receivedYear = new Date(receivedMs).getUTCFullYear();
    nextYearStartMs = Date.UTC(receivedYear + 1, 0, 1);
  }
  const limit = receivedMs + MAX_FUTURE_MS;
  // Next year is possible only in the last MAX_FUTURE_MS of this one.
  let year = limit >= nextYearStartMs ? receivedYear + 1 : receivedYear;
  for (; year >= receivedYear - MAX_YEARS_BACK; year--) {
    if (s.month === 1 && s.day === 29 && !isLeapYear(year)) continue;
    const wall = wallMs(year, s);
    if (wall <= limit) return wall;
  }
  return wallMs(receivedYear, s);
}

/**
 * The record time of a stamp. `zone` is the host's zone, used when the stamp states no offset,
 * and instead of an ambiguous zone word when the host has a zone of its own (not UTC).
 */
export function stampTime(s: Stamp, zone: string, receivedMs: number): string {
  const wall = stampWallMs(s, receivedMs);
  let utcMs: number;
  const stated = s.offsetMinutes === s.offsetMinutes && !(s.offsetIsWord && zone !== 'UTC');
  if (stated) utcMs = wall - s.offsetMinutes * MINUTE_MS;
  else utcMs = wallTimeToUtc(wall, zone, receivedMs);
  return formatUtc(utcMs, s.micros % 1000);
}

/** Wall time as if UTC, in ms. Integer calendar arithmetic: Date.UTC is slower and maps years 0..99 to 19xx. */
function wallMs(year: number, s: Stamp): number {
  return (
    daysFromCivil(year, s.month + 1, s.day) * DAY_MS +
    s.hour * 3_600_000 + s.minute * MINUTE_MS + s.second * 1000 + Math.floor(s.micros / 1000)
  );
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12); H. Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `YYYY-MM-DDT` of a day number; H. Hinnant's civil_from_days (Date costs more than a parse). */
function datePrefix(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return String(year).padStart(4, '0') + '-' + TWO_DIGITS[month] + '-' + TWO_DIGITS[day] + 'T';
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 61 }, (_, n) => (n < 10 ? '0' : '') + n);
/** Direct-mapped caches: lines come in bursts from a few hosts, so most lookups hit. */
const SLOTS = 64;
const dayKeys: number[] = new Array<number>(SLOTS).fill(NaN);
const dayPrefixes: string[] = new Array<string>(SLOTS).fill('');
const secondKeys: number[] = new Array<number>(SLOTS).fill(NaN);
const secondPrefixes: string[] = new Array<string>(SLOTS).fill('');
/** The whole time of each cached second: RFC 3164 stamps mostly have no fraction, so records of one second share one string. */
const secondTimes: string[] = new Array<string>(SLOTS).fill('');

/**
 * `YYYY-MM-DDThh:mm:ss.ffffffZ`, with the `YYYY-MM-DDT` prefix cached per day and
 * `hh:mm:ss.` (and the whole time of a whole second) per second.
 */
function formatUtc(utcMs: number, extraMicros: number): string {
  const second = Math.floor(utcMs / 1000);
  const slot = second & (SLOTS - 1);
  let prefix = secondPrefixes[slot];
  if (secondKeys[slot] !== second) {
    prefix = secondPrefix(second);
    secondKeys[slot] = second;
    secondPrefixes[slot] = prefix;
    secondTimes[slot] = prefix + '000000Z';
  }
  const micros = (utcMs - second * 1000) * 1000 + extraMicros;
  // A shared string is flattened once, by whoever first reads its characters (detection compares
  // times), instead of once per record; and no string is allocated.
  return micros === 0 ? secondTimes[slot] : prefix + String(1_000_000 + micros).slice(1) + 'Z';
}

function secondPrefix(second: number): string {
  const day = Math.floor(second / 86_400);
  const slot = day & (SLOTS - 1);
  if (dayKeys[slot] !== day) {
    dayKeys[slot] = day;
    dayPrefixes[slot] = datePrefix(day);
  }
  const secondOfDay = second - day * 86_400;
  return (
    dayPrefixes[slot] + TWO_DIGITS[Math.floor(secondOfDay / 3600)] + ':' +
    TWO_DIGITS[Math.floor(secondOfDay / 60) % 60] + ':' + TWO_DIGITS[secondOfDay % 60] + '.'
  );
}
