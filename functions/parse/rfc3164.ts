import { isUtf8 } from 'node:buffer';
import { bytesToText, type DecodedText } from '../shared/text.js';
import { leadingStructuredData } from './rfc3164-sd.js';
import { stampTime } from './rfc3164-time.js';
import { isTokenByte, tokenText } from './rfc3164-token.js';
import { newStamp, timestampAt } from './rfc3164-timestamp.js';
import { emptyParsedEvent, type ParseContext, type ParsedEvent } from './types.js';

/**
 * RFC 3164 (BSD syslog) as real senders write it:
 *   [<PRI>] [Cisco `counter: ` [`seq: `] [`host: `]] TIMESTAMP [HOSTNAME] [TAG[\[procid\]][:]] MSG
 *
 * Where lenience ends (RFC 3164 §4.3 asks a relay to accept anything):
 *   - A valid PRI or a timestamp is enough structure: whatever cannot be read as header is
 *     message, and there is no parse_error. A PRI with no timestamp is all content (§4.3.2),
 *     except a leading `tag[pid]:` / `tag:`, which is still taken as the TAG.
 *   - parse_error is set when there is no usable structure: neither a PRI nor a timestamp, or a
 *     PRI-shaped prefix that is not a PRI (`<999>`, `<0123>`): then `message` is the whole line
 *     and the other fields hold what the rest still yields.
 * Hostname vs TAG: the first token after the timestamp is the TAG (no hostname, as OpenBSD and
 * local senders write) when it ends with `:` or contains `[`; otherwise it is the HOSTNAME, also
 * after Cisco's `TIMESTAMP:`. The TAG ends at `[`, `:` or a space (RFC 3164 §4.1.3, as rsyslog
 * reads it): `host tag message` has app `tag`; a TAG ended by a space must look like a program
 * name, and only a line with a timestamp has one (a PRI-only line needs `tag:` or `tag[pid]`).
 * Hostnames and tags may hold UTF-8 letters (IDN hostnames, localized program names).
 * After the TAG, rsyslog's and liblogging-stdlog's own messages carry RFC 5424 structured data
 * (`[origin software="rsyslogd" …] start`): see rfc3164-sd.ts.
 * Sizes are bounded: hostname 255 bytes (the record schema's limit), TAG 48 (a little over
 * RFC 3164's 32, as rsyslog allows), procid 128, Cisco counters 20 digits. The line itself is
 * bounded upstream (limits.max_event_bytes); the parser scans only a bounded header.
 */

const SP = 0x20;
const COLON = 0x3a;
const LT = 0x3c;
const GT = 0x3e;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const PERCENT = 0x25;
const MAX_PRI = 191;
const MAX_PRI_SCAN = 10;
const MAX_HOSTNAME = 255;
const MAX_TAG = 48;
const MAX_PROCID = 128;
const MAX_COUNTER_DIGITS = 20;

/** Scratch timestamp; parsing is synchronous, so one suffices. */
const stamp = newStamp();

/** True for a printable, non-space ASCII byte, the only bytes hostnames and tags are made of. */
function isVisible(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

const INTERN_SLOTS = 1024;
const MAX_INTERNED = 64;
const interned: string[] = new Array<string>(INTERN_SLOTS).fill('');

/**
 * The ASCII token b[p, q) as a string. Hostnames and tags repeat from line to line, and a
 * Buffer.toString call costs more than hashing and comparing a short token, so recent ones are
 * kept in a direct-mapped table.
 */
function asciiToken(b: Buffer, p: number, q: number): string {
  const len = q - p;
  if (len > MAX_INTERNED) return b.toString('latin1', p, q);
  let h = len;
  for (let i = p; i < q; i++) h = Math.imul(h ^ b[i], 0x01000193);
  const slot = (h >>> 0) & (INTERN_SLOTS - 1);
  const known = interned[slot];
  if (known.length === len) {
    let i = 0;
    while (i < len && known.charCodeAt(i) === b[p + i]) i++;
    if (i === len) return known;
  }
  const token = b.toString('latin1', p, q);
  interned[slot] = token;
  return token;
}

/** End of the line's content: trailing LF, CR and NUL are framing, not message. */
function contentEnd(b: Buffer): number {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x0a || b[end - 1] === 0x0d || b[end - 1] === 0)) end--;
  return end;
}

function skipSpaces(b: Buffer, p: number, end: number): number {
  while (p < end && b[p] === SP) p++;
  return p;
}

/**
 * `<PRI>` at 0: returns the PRI value and sets `priEnd`; -1 when absent, -2 when PRI-shaped
 * (`<digits>`) but not valid (more than 3 digits or above 191).
 */
let priEnd = 0;
function priAt(b: Buffer, end: number): number {
  if (end < 3 || b[0] !== LT) return -1;
  let p = 1;
  let value = 0;
  while (p < end && p <= MAX_PRI_SCAN) {
    const d = b[p] - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    p++;
  }
  if (p === 1 || p >= end || b[p] !== GT) return -1;
  priEnd = p + 1;
  return p - 1 > 3 || value > MAX_PRI ? -2 : value;
}

/** A Cisco `digits: ` (or bare `: `) prefix at p: its end, or -1. Sets `counterText`. */
let counterText: string | null = null;
function ciscoCounterAt(b: Buffer, p: number, end: number): number {
  let q = p;
  while (q < end && q - p <= MAX_COUNTER_DIGITS && b[q] >= 0x30 && b[q] <= 0x39) q++;
  if (q - p > MAX_COUNTER_DIGITS || q + 1 >= end || b[q] !== COLON || b[q + 1] !== SP) return -1;
  counterText = q > p ? asciiToken(b, p, q) : null;
  return q + 2;
}

/** Cisco `hostname: TIMESTAMP:` (logging origin-id); the index after the timestamp, or -1. */
let ciscoHost: string | null = null;
let ciscoStampStart = 0;
function ciscoHostStampAt(b: Buffer, p: number, end: number): number {
  let q = p;
  while (q < end && q - p <= MAX_HOSTNAME && isVisible(b[q]) && b[q] !== COLON) q++;
  if (q === p || q - p > MAX_HOSTNAME || q + 1 >= end || b[q] !== COLON || b[q + 1] !== SP) return -1;
  const t = timestampAt(b, q + 2, end, stamp);
  if (t < 0 || t >= end || b[t] !== COLON) return -1;
  ciscoStampStart = q + 2;
  ciscoHost = asciiToken(b, p, q);
  return t;
}

/** Result of tagAt beyond its return value. */
let tagText = '';
let procidText: string | null = null;

/** A byte of a program name: ASCII letter or digit, `-`, `_`, `.`, `/`, or part of a UTF-8 character. */
function isNameByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x2f || c >= 0x80;
}

/** b[p, q) looks like a program name: starts with a letter or digit, then name bytes only. */
function isProgramName(b: Buffer, p: number, q: number): boolean {
  const first = b[p];
  if (!((first >= 0x30 && first <= 0x39) || ((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a) || first >= 0x80)) return false;
  for (let i = p + 1; i < q; i++) if (!isNameByte(b[i])) return false;
  return true;
}

/**
 * `tag[procid]: `, `tag[procid]:` (small loggers put no space after it), `tag[procid] `,
 * `tag: ` at p (a tag of digits only is not one). With `spaceEnds` (the line had a timestamp, so
 * this is the header's TAG position), `tag ` too: RFC 3164 §4.1.3 ends the TAG at the first
 * non-alphanumeric character and rsyslog ends it at a space; such a TAG must look like a
 * program name. Returns where MSG starts, or -1 when there is no TAG there (the text is then
 * all message).
 */
function tagAt(b: Buffer, p: number, end: number, spaceEnds = false): number {
  let q = p;
  let digitsOnly = true;
  let ascii = true;
  while (q < end && q - p <= MAX_TAG && isTokenByte(b[q]) && b[q] !== LBRACKET && b[q] !== COLON) {
    if (b[q] < 0x30 || b[q] > 0x39) digitsOnly = false;
    if (b[q] >= 0x80) ascii = false;
    q++;
  }
  // No program is named by digits alone: `42: text` is text.
  if (q === p || q - p > MAX_TAG || digitsOnly) return -1;
  if (q >= end || b[q] === SP) {
    if (!spaceEnds || !isProgramName(b, p, q)) return -1;
    const name = ascii ? asciiToken(b, p, q) : tokenText(b, p, q, asciiToken);
    if (name === null) return -1;
    tagText = name;
    procidText = null;
    return q < end ? q + 1 : q;
  }
  const tag = ascii ? asciiToken(b, p, q) : tokenText(b, p, q, asciiToken);
  if (tag === null) return -1;
  let procid: string | null = null;
  if (b[q] === LBRACKET) {
    let r = q + 1;
    while (r < end && r - q <= MAX_PROCID && isVisible(b[r]) && b[r] !== RBRACKET) r++;
    if (r >= end || b[r] !== RBRACKET) return -1;
    if (r > q + 1) procid = asciiToken(b, q + 1, r);
    tagText = tag;
    procidText = procid;
    r++;
    // `]:` ends the TAG whatever follows; after a bare `]` a space must.
    if (r < end && b[r] === COLON) return r + 1 < end && b[r + 1] === SP ? r + 2 : r + 1;
    if (r < end && b[r] !== SP) return -1;
    return r < end ? r + 1 : r;
  }
  if (b[q] !== COLON || (q + 1 < end && b[q + 1] !== SP)) return -1;
  tagText = tag;
  procidText = null;
  return q + 1 < end ? q + 2 : q + 1;
}

/** The token at p ends with `:` or contains `[`: a TAG, so the line names no hostname. */
function tokenIsTag(b: Buffer, p: number, end: number): boolean {
  let q = p;
  while (q < end && b[q] !== SP && q - p <= MAX_HOSTNAME) {
    if (b[q] === LBRACKET) return true;
    q++;
  }
  return q > p && b[q - 1] === COLON;
}

/** Hostname token at p: its end, or -1 when the token cannot be a hostname. Sets `hostnameText`. */
let hostnameText = '';
function hostnameEnd(b: Buffer, p: number, end: number): number {
  let q = p;
  let ascii = true;
  while (q < end && q - p <= MAX_HOSTNAME && isTokenByte(b[q])) {
    if (b[q] >= 0x80) ascii = false;
    q++;
  }
  if (q === p || q - p > MAX_HOSTNAME || (q < end && b[q] !== SP)) return -1;
  const name = ascii ? asciiToken(b, p, q) : tokenText(b, p, q, asciiToken);
  if (name === null) return -1;
  hostnameText = name;
  return q;
}

/**
 * bytesToText of data[start, end), with a fast path: `start` always follows ASCII the parser
 * matched, so when the whole buffer is UTF-8 the slice is too and decodes without a copy.
 */
function textOf(data: Buffer, start: number, end: number): DecodedText {
  if (isUtf8(data)) return { text: data.toString('utf8', start, end), escaped: false };
  return bytesToText(data.subarray(start, end));
}

/** What stampAfterPrefix found before the timestamp. */
let prefixEnd = 0;
let prefixCounter: string | null = null;
let prefixSequence: string | null = null;
let prefixHost: string | null = null;
let stampStart = 0;

/**
 * The timestamp at p, possibly after a Cisco IOS prefix (message counter, sequence number,
 * `logging origin-id` hostname); returns its end or -1, and sets the prefix* results
 * (prefixEnd === p when there is no prefix). A counter prefix is kept only when a timestamp or
 * a `%FACILITY-SEVERITY-MNEMONIC` follows, so `<13>42: text` stays text.
 */
function stampAfterPrefix(b: Buffer, p: number, end: number): number {
  prefixEnd = p;
  prefixCounter = null;
  prefixSequence = null;
  prefixHost = null;
  let q = p;
  let next = ciscoCounterAt(b, q, end);
  if (next >= 0) {
    const counter = counterText;
    q = next;
    next = ciscoCounterAt(b, q, end);
    if (next >= 0) {
      prefixSequence = counterText;
      q = next;
    }
    prefixCounter = counter;
  }
  stampStart = q;
  let t = timestampAt(b, q, end, stamp);
  if (t < 0) {
    t = ciscoHostStampAt(b, q, end);
    if (t >= 0) {
      stampStart = ciscoStampStart;
      prefixHost = ciscoHost;
      prefixEnd = q;
      return t;
    }
  }
  if (q > p && (t >= 0 || (q < end && b[q] === PERCENT))) prefixEnd = q;
  else {
    prefixCounter = null;
    prefixSequence = null;
  }
  return t;
}

export function parseRfc3164(data: Buffer, ctx: ParseContext): ParsedEvent {
  const end = contentEnd(data);
  const ev = emptyParsedEvent('rfc3164', '');
  let error: string | null = null;
  let p = 0;

  const pri = priAt(data, end);
  if (pri >= 0) {
    ev.facility_received = pri >> 3;
    ev.severity_received = pri & 7;
    p = priEnd;
  } else if (pri === -2) {
    error = 'invalid PRI: more than 3 digits or above 191';
    p = priEnd;
  }
  p = skipSpaces(data, p, end);

  const t = stampAfterPrefix(data, p, end);
  if (prefixCounter !== null) ev.fields.message_counter = prefixCounter;
  if (prefixSequence !== null) ev.fields.sequence = prefixSequence;
  let host = prefixHost;
  p = prefixEnd;
  const hasTime = t >= 0;
  if (!hasTime && pri === -1) {
    const raw = textOf(data, 0, end);
    ev.message = raw.text;
    if (raw.escaped) ev.message_encoding = 'c-escaped';
    ev.parse_error = 'not RFC 3164: no PRI and no timestamp';
    return ev;
  }

  if (hasTime) {
    p = t;
    // Cisco ends the timestamp with `:` and has put any hostname before it.
    const ciscoColon = p < end && data[p] === COLON;
    if (ciscoColon) p++;
    p = skipSpaces(data, p, end);
    // After Cisco's `TIMESTAMP:` a hostname may still follow (`Mar 7 2008 19:06:53: example tag: msg`).
    if (host === null && p < end && !tokenIsTag(data, p, end)) {
      const hostEnd = hostnameEnd(data, p, end);
      if (hostEnd >= 0) {
        const name = hostnameText;
        if (name !== '-') host = name;
        p = skipSpaces(data, hostEnd, end);
      }
    }
  }
  const msgStart = tagAt(data, p, end, hasTime);
  if (msgStart >= 0) {
    ev.app = tagText;
    ev.procid = procidText;
    p = msgStart;
    // rsyslog writes `rsyslogd:  [origin …]` with two spaces: SD may follow after more than one.
    const sdStart = skipSpaces(data, p, end);
    if (error === null && sdStart < end && data[sdStart] === LBRACKET) {
      const sd = leadingStructuredData(data, sdStart, end);
      if (sd !== null) {
        ev.structured_data = sd.structuredData;
        p = sd.messageStart;
      }
    }
  }
  ev.host = host;
  if (hasTime) {
    const exactOffset = stamp.offsetMinutes === stamp.offsetMinutes && !stamp.offsetIsWord;
    const zone = exactOffset ? 'UTC' : ctx.timeZoneFor(host);
    ev.time = stampTime(stamp, zone, ctx.receivedTime.getTime());
  }

  const text = textOf(data, error === null ? p : 0, end);
  ev.message = text.text;
  if (text.escaped) ev.message_encoding = 'c-escaped';
  ev.parse_error = error;
  return ev;
}

/**
 * Cheap test for a PRI-less line (after an optional PRI and Cisco counters) that starts with
 * an accepted timestamp. An ISO timestamp also starts many application logs, so it counts only
 * when a syslog header follows: `[hostname ]tag[pid]:` or `[hostname ]tag:`.
 */
export function looksLikeRfc3164(data: Buffer): boolean {
  const end = contentEnd(data);
  const p = skipSpaces(data, priAt(data, end) >= 0 ? priEnd : 0, end);
  const t = stampAfterPrefix(data, p, end);
  if (t < 0) return false;
  const first = data[stampStart];
  if (first < 0x30 || first > 0x39) return true;
  let q = skipSpaces(data, t, end);
  if (tokenIsTag(data, q, end)) return tagAt(data, q, end) >= 0;
  const hostEnd = hostnameEnd(data, q, end);
  if (hostEnd < 0) return false;
  q = skipSpaces(data, hostEnd, end);
  return tagAt(data, q, end) >= 0;
}
