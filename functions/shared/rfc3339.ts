import { rx } from './safe-regex.js';

/**
 * RFC 3339 §5.6 date-time: full-date "T" full-time, "T"/"Z" in either case (§5.6 NOTE), an
 * offset always (a time without one is local time of an unknown zone, §4.4), 1..9 fraction
 * digits (nanoseconds; Date keeps milliseconds).
 */
const DATE_TIME = rx(/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/);
const MAX_CHARS = 40;

/**
 * Reads an RFC 3339 date-time strictly: every field in range, the day checked against its
 * month and year. A leap second (`:60`, §5.6/§5.7) is accepted only where one can occur, at
 * 23:59 UTC on the last day of a month, and is mapped to 23:59:59.999 UTC, the last instant
 * Date can hold before the next minute, so it keeps the date and minute the sender wrote.
 * Returns the Date, or a one-line reason.
 */
export function parseRfc3339(text: string): Date | string {
  const m = text.length <= MAX_CHARS ? DATE_TIME.exec(text) : null;
  if (m === null) return 'expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or ±HH:MM';
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(3, '0').slice(0, 3)));
  const offsetMinutes = m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (month < 1 || month > 12) return `month ${m[2]} is not 01-12`;
  if (hour > 23) return `hour ${m[4]} is not 00-23`;
  if (minute > 59) return `minute ${m[5]} is not 00-59`;
  if (second > 60) return `second ${m[6]} is not 00-60`;
  if (m[10] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return `offset ${m[9]}${m[10]}:${m[11]} is not a valid offset`;
  const local = utc(year, month, day, hour, minute, Math.min(second, 59), ms);
  if (local.getUTCDate() !== day) return `day ${m[3]} does not exist in ${m[1]}-${m[2]}`;
  const date = new Date(local.getTime() - offsetMinutes * 60_000);
  if (second === 60) {
    const lastDay = utc(date.getUTCFullYear(), date.getUTCMonth() + 2, 0, 0, 0, 0, 0).getUTCDate();
    if (date.getUTCHours() !== 23 || date.getUTCMinutes() !== 59 || date.getUTCDate() !== lastDay) {
      return 'second 60 (a leap second) only exists at 23:59:60 UTC on the last day of a month';
    }
    date.setUTCMilliseconds(999);
  }
  return date;
}

/** Date.UTC without its mapping of years 0-99 to 1900-1999; day 0 is the last day of the month before. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d;
}
