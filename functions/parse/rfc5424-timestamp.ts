import { Cursor, isDigit } from './rfc5424-cursor.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Zeros that bring a 1..6 digit TIME-SECFRAC to exactly six digits. */
const FRAC_PADDING = ['000000', '00000', '0000', '000', '00', '0', ''];
const MINUTES_PER_DAY = 1440;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * TIMESTAMP = NILVALUE / FULL-DATE "T" FULL-TIME (RFC 5424 §6.2.3): upper-case "T" and "Z",
 * no leap seconds, at most six fractional digits, day-of-month checked against month and year.
 * Returns RFC 3339 UTC with six fractional digits, null for NILVALUE, or false on error.
 */
export function scanTimestamp(c: Cursor): string | null | false {
  const start = c.pos;
  if (c.byteAt() === 0x2d) {
    c.pos++;
    return null;
  }
  const year = scanYear(c);
  if (year < 0 || !literal(c, 0x2d, "'-' after the TIMESTAMP year")) return false;
  const month = twoDigits(c, 1, 12, 'a TIMESTAMP month 01-12');
  if (month < 0 || !literal(c, 0x2d, "'-' after the TIMESTAMP month")) return false;
  const dayCol = c.pos;
  const day = twoDigits(c, 1, 31, 'a TIMESTAMP day 01-31');
  if (day < 0 || !literal(c, 0x54, "upper-case 'T' between TIMESTAMP date and time")) return false;
  const hour = twoDigits(c, 0, 23, 'a TIMESTAMP hour 00-23');
  if (hour < 0 || !literal(c, 0x3a, "':' after the TIMESTAMP hour")) return false;
  const minute = twoDigits(c, 0, 59, 'a TIMESTAMP minute 00-59');
  if (minute < 0 || !literal(c, 0x3a, "':' after the TIMESTAMP minute")) return false;
  const second = twoDigits(c, 0, 59, 'a TIMESTAMP second 00-59');
  if (second < 0) return false;
  const fraction = scanFraction(c);
  if (fraction === null) return false;
  const offsetMinutes = scanOffset(c);
  if (offsetMinutes === null) return false;

  if (day > daysInMonth(year, month)) {
    return c.reject(`invalid TIMESTAMP: day ${day} does not exist in ${c.ascii(start, start + 7)}`, dayCol);
  }
  // Already in the output shape (six fractional digits, 'Z'): one slice instead of five pieces.
  if (offsetMinutes === 0 && c.pos - start === 27 && c.byteAt(c.pos - 1) === 0x5a) return c.ascii(start, c.pos);
  const seconds = c.ascii(start + 17, start + 19) + '.' + fraction + 'Z';
  if (offsetMinutes === 0) return c.ascii(start, start + 17) + seconds;
  return toUtc(c, start, year, month, day, hour * 60 + minute - offsetMinutes, seconds);
}

/**
 * Moves a local date and minute-of-day (already minus the offset, so within ±1 day) to UTC.
 * Done on the civil fields rather than through Date: cheaper, and exact for years 0000-9999.
 */
function toUtc(
  c: Cursor, start: number, year: number, month: number, day: number, minuteOfDay: number, seconds: string,
): string | false {
  if (minuteOfDay < 0) {
    minuteOfDay += MINUTES_PER_DAY;
    if (--day === 0) {
      if (--month === 0) {
        month = 12;
        year--;
      }
      day = daysInMonth(year, month);
    }
  } else if (minuteOfDay >= MINUTES_PER_DAY) {
    minuteOfDay -= MINUTES_PER_DAY;
    if (++day > daysInMonth(year, month)) {
      day = 1;
      if (++month === 13) {
        month = 1;
        year++;
      }
    }
  }
  if (year < 0 || year > 9999) return c.reject('invalid TIMESTAMP: in UTC it falls outside the years 0000-9999', start);
  const hour = (minuteOfDay / 60) | 0;
  return (
    String(year).padStart(4, '0') + '-' + TWO_DIGITS[month] + '-' + TWO_DIGITS[day] + 'T' +
    TWO_DIGITS[hour] + ':' + TWO_DIGITS[minuteOfDay - hour * 60] + ':' + seconds
  );
}

function scanYear(c: Cursor): number {
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const b = c.byteAt();
    if (!isDigit(b)) {
      c.expect(i === 0 ? "a TIMESTAMP (RFC 3339 date-time) or '-'" : 'a 4-digit TIMESTAMP year');
      return -1;
    }
    year = year * 10 + (b - 0x30);
    c.pos++;
  }
  return year;
}

/** Two digits in [min, max]; the error points at the first digit that cannot be right. */
function twoDigits(c: Cursor, min: number, max: number, what: string): number {
  const p = c.pos;
  const hi = c.byteAt(p);
  if (!isDigit(hi) || (hi - 0x30) * 10 > max) {
    c.expect(what, p);
    return -1;
  }
  const lo = c.byteAt(p + 1);
  const value = (hi - 0x30) * 10 + (lo - 0x30);
  if (!isDigit(lo) || value > max || value < min) {
    c.expect(what, p + 1);
    return -1;
  }
  c.pos = p + 2;
  return value;
}

function literal(c: Cursor, byte: number, what: string): boolean {
  if (c.byteAt() !== byte) return c.expect(what);
  c.pos++;
  return true;
}

/** Optional TIME-SECFRAC = "." 1*6DIGIT, returned as exactly six digits ("000000" when absent). */
function scanFraction(c: Cursor): string | null {
  if (c.byteAt() !== 0x2e) return FRAC_PADDING[0];
  const start = ++c.pos;
  while (isDigit(c.byteAt()) && c.pos - start < 6) c.pos++;
  const digits = c.pos - start;
  if (digits === 0) {
    c.expect("a digit after '.' in the TIMESTAMP");
    return null;
  }
  if (isDigit(c.byteAt())) {
    c.expect('at most 6 fractional TIMESTAMP digits');
    return null;
  }
  return c.ascii(start, c.pos) + FRAC_PADDING[digits];
}

/** TIME-OFFSET = "Z" / ("+" / "-") hh ":" mm, as minutes east of UTC; null on error. */
function scanOffset(c: Cursor): number | null {
  const b = c.byteAt();
  if (b === 0x5a) {
    c.pos++;
    return 0;
  }
  if (b !== 0x2b && b !== 0x2d) {
    c.expect("a TIMESTAMP offset: upper-case 'Z', '+hh:mm' or '-hh:mm'");
    return null;
  }
  c.pos++;
  const hours = twoDigits(c, 0, 23, 'a TIMESTAMP offset hour 00-23');
  if (hours < 0 || !literal(c, 0x3a, "':' in the TIMESTAMP offset")) return null;
  const minutes = twoDigits(c, 0, 59, 'a TIMESTAMP offset minute 00-59');
  if (minutes < 0) return null;
  const total = hours * 60 + minutes;
  return b === 0x2d ? -total : total;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}
