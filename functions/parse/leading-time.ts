import { DateTime } from 'luxon';
import { digitsAt } from '../shared/digits.js';
import { formatMicros } from '../shared/time.js';

/**
 * Finds the time a free-text log line states at its start, in the forms Go programs and
 * Kubernetes components write when they log to a file or stderr:
 *   - capnslog (etcd ≤3.4):  `2018-12-18 18:38:55.202466 I | raft: …`
 *   - Go log, and etcd raft's capnslog prefix: `2026/11/26 01:22:49 …`, `raft2026/11/26 01:22:49 INFO: …`
 *   - RFC 3339 / ISO 8601:  `2026-11-26T01:22:49.123456Z …`, `…+08:00`
 *   - zap/logrus JSON with `"ts"` or `"time"`: ISO string, or epoch seconds as a number.
 * Times without an offset are in `zone`. Returns null when the line starts with none of these.
 */
export function leadingTime(line: string, zone: string): string | null {
  let i = 0;
  if (line.startsWith('raft')) i = 4;
  if (line.charCodeAt(0) === 123 /* { */) return jsonTime(line, zone);
  return dateTimeAt(line, i, zone);
}

const MAX_JSON_SCAN = 512;

function jsonTime(line: string, zone: string): string | null {
  const head = line.length > MAX_JSON_SCAN ? line.slice(0, MAX_JSON_SCAN) : line;
  for (const key of ['"ts":', '"time":', '"timestamp":', '"@timestamp":']) {
    const k = head.indexOf(key);
    if (k < 0) continue;
    let j = k + key.length;
    while (head.charCodeAt(j) === 32) j++;
    if (head.charCodeAt(j) === 34 /* " */) return dateTimeAt(head, j + 1, zone);
    let end = j;
    while (end < head.length && ((head.charCodeAt(end) >= 48 && head.charCodeAt(end) <= 57) || head.charCodeAt(end) === 46)) end++;
    if (end === j) continue;
    const seconds = Number(head.slice(j, end));
    // Epoch seconds between 2000 and 2100; zap's default encoder writes them with µs precision.
    if (!Number.isFinite(seconds) || seconds < 946684800 || seconds > 4102444800) continue;
    return formatMicros(BigInt(Math.round(seconds * 1e6)));
  }
  return null;
}

/** Parses `YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}][Z|±HH:MM]` or `YYYY/MM/DD HH:MM:SS[.f]` at position i. */
function dateTimeAt(s: string, i: number, zone: string): string | null {
  const year = digitsAt(s, i, 4);
  const sep = s[i + 4];
  if (year < 1970 || (sep !== '-' && sep !== '/') || s[i + 7] !== sep) return null;
  const month = digitsAt(s, i + 5, 2);
  const day = digitsAt(s, i + 8, 2);
  const t = s[i + 10];
  if (t !== 'T' && t !== ' ') return null;
  const hour = digitsAt(s, i + 11, 2);
  const minute = digitsAt(s, i + 14, 2);
  const second = digitsAt(s, i + 17, 2);
  if (s[i + 13] !== ':' || s[i + 16] !== ':') return null;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  let j = i + 19;
  let micros = 0;
  if (s[j] === '.' || s[j] === ',') {
    j++;
    let n = 0;
    while (n < 9 && j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
      if (n < 6) micros = micros * 10 + (s.charCodeAt(j) - 48);
      n++;
      j++;
    }
    if (n === 0) return null;
    for (let k = n; k < 6; k++) micros *= 10;
  }
  let offsetMinutes: number | null = null;
  if (s[j] === 'Z') offsetMinutes = 0;
  else if (s[j] === '+' || s[j] === '-') {
    // `±HH:MM` (RFC 3339) or `±HHMM` (zap's ISO8601 encoder, Go's "-0700" layouts).
    const oh = digitsAt(s, j + 1, 2);
    const om = digitsAt(s, s[j + 3] === ':' ? j + 4 : j + 3, 2);
    if (oh >= 0 && om >= 0) offsetMinutes = (s[j] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  if (new Date(wall).getUTCDate() !== day) return null;
  let utcMs: number;
  if (offsetMinutes !== null) utcMs = wall - offsetMinutes * 60_000;
  else if (zone === 'UTC') utcMs = wall;
  else {
    const dt = DateTime.fromObject({ year, month, day, hour, minute, second: Math.min(second, 59) }, { zone });
    if (!dt.isValid) return null;
    utcMs = dt.toMillis();
  }
  return formatMicros(BigInt(utcMs) * 1000n + BigInt(micros));
}
