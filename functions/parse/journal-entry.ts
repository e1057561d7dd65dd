/**
 * One journal entry, whatever rendering it came in (journalctl JSON, export format, Filebeat
 * event), mapped to a ParsedEvent. Every rendering is first turned into a journal field map and
 * then goes through `journalEntryToEvent`, so equal entries give equal events by construction.
 *
 * Journal field map: field name -> value, where a value is
 *   - a string (text),
 *   - bytes: a number array (journalctl JSON) or a Uint8Array (export format), decoded as UTF-8
 *     and C-escaped when invalid,
 *   - null: journalctl left the value out because it was over its size threshold,
 *   - an array of the above for a field the entry carries more than once.
 * A plain JSON.parse'd journalctl object already is such a map, so the hot path copies nothing.
 *
 * Decisions (documented once, here):
 *   - Promoted fields leave `fields`: MESSAGE, _HOSTNAME, _TRANSPORT, SYSLOG_IDENTIFIER,
 *     SYSLOG_PID, _SYSTEMD_UNIT, PRIORITY, SYSLOG_FACILITY. Fallback sources (_COMM for app,
 *     _PID for procid, _SYSTEMD_USER_UNIT for unit) are distinct fields and always stay.
 *     PRIORITY / SYSLOG_FACILITY stay in `fields` too when their text is not the canonical
 *     number (level name, junk, "07"), so the raw value is never lost.
 *   - Repeated field: `fields[KEY]` is the JSON array text of all values (in order); a promoted
 *     field takes the LAST value, as journalctl's short output does (parse_fieldv keeps the last
 *     match), and also keeps the full array in `fields[KEY]`. A key written twice in one JSON
 *     object is read as a repeated field too (journald-json.ts).
 *   - A value of another JSON shape (number, object, nested lists) is kept as its JSON text,
 *     however deeply nested.
 *   - null value (over journalctl's threshold): `fields[KEY] = ''`, note `field_over_threshold`;
 *     a promoted field is then null (message '').
 *   - Bytes that are not UTF-8 become C-escaped text; MESSAGE sets message_encoding 'c-escaped',
 *     any other field notes `field_c_escaped`.
 *   - Values over `max_field_bytes` (UTF-8 bytes, before escaping) are cut at a character
 *     boundary, note `field_truncated`.
 *   - A _HOSTNAME over 255 characters is no host name: host stays null, the value stays in fields.
 *   - time: _SOURCE_REALTIME_TIMESTAMP, else __REALTIME_TIMESTAMP, else the caller's fallback.
 *   - app: SYSLOG_IDENTIFIER, else _COMM (journalctl's display rule). procid: SYSLOG_PID, else
 *     _PID. unit: _SYSTEMD_UNIT, else _SYSTEMD_USER_UNIT.
 *   - PRIORITY / SYSLOG_FACILITY: decimal 0..7 / 0..23; a syslog level or facility name is
 *     mapped (notes `priority_from_level_name`, `facility_from_name`); anything else is null
 *     with `priority_unreadable` / `facility_unreadable`. Raw values are never corrected here.
 */
import type { SourceFormat } from '../shared/record.js';
import { FACILITY_NAMES, LEVEL_WORDS } from '../shared/syslog-codes.js';
import { jsonText } from '../shared/json-text.js';
import { bytesToText } from '../shared/text.js';
import { formatMicros, parseMicrosString } from '../shared/time.js';
import type { MemberMeasure } from './json-duplicate-keys.js';
import { emptyParsedEvent, type ParsedEvent } from './types.js';

/** A journal entry as field name -> value (see the module comment for the value shapes). */
export type JournalFieldMap = Record<string, unknown>;

/** Microseconds before year 10000: beyond that a "timestamp" is junk, not a time. */
const MAX_MICROS = 253_402_300_800_000_000n;

/** The record's host limit (DNS names are at most 253 characters). */
const MAX_HOST_CHARS = 255;

/** Set by decodeSlow for its caller (single-threaded, read right after the call). */
let slowEscaped = false;
let slowStored = false;

/** Maps a journal field map to a ParsedEvent. Never throws on any input shape. */
export function journalEntryToEvent(
  entry: JournalFieldMap,
  format: SourceFormat,
  maxFieldBytes: number,
  fallbackTime: string | null = null,
  measure?: MemberMeasure,
  /** Envelope fields to put first (as `{ ...leading, ...fields }`; the entry's own values win), saving the pipeline a copy. */
  leading?: Record<string, string>,
): ParsedEvent {
  const ev = emptyParsedEvent(format, '');
  const fields = ev.fields;
  if (leading !== undefined) for (const k in leading) storeField(fields, k, leading[k]);
  // A string this short cannot exceed maxFieldBytes in UTF-8 (at most 3 bytes per UTF-16 unit).
  const fastChars = Math.floor(maxFieldBytes / 3);
  let message: string | null = null;
  let messageEscaped = false;
  let ident: string | null = null;
  let comm: string | null = null;
  let syslogPid: string | null = null;
  let pid: string | null = null;
  let unit: string | null = null;
  let userUnit: string | null = null;
  let priority: string | null = null;
  let facility: string | null = null;
  let sourceRealtime: string | null = null;
  let realtime: string | null = null;
  let boot: string | null = null;
  let cursor: string | null = null;

  for (const key in entry) {
    const raw = entry[key];
    let v: string | null;
    let stored = false;
    if (typeof raw === 'string' && raw.length <= fastChars) {
      v = raw;
      // Measured here, in the one pass over the entry, so spotting duplicate JSON keys costs nothing extra.
      if (measure !== undefined) measure.chars += key.length + raw.length + 6;
    } else {
      if (measure !== undefined) {
        if (typeof raw === 'string') measure.chars += key.length + raw.length + 6;
        else measure.stringsOnly = false;
      }
      v = decodeSlow(key, raw, ev, maxFieldBytes);
      stored = slowStored;
      if (slowEscaped && key !== 'MESSAGE') addNote(ev, 'field_c_escaped');
      if (key === 'MESSAGE') messageEscaped = slowEscaped;
    }
    switch (key) {
      case 'MESSAGE': message = v; continue;
      case '_HOSTNAME':
        if (v !== null && v.length > MAX_HOST_CHARS) break; // no host name; stays visible in fields
        ev.host = v;
        continue;
      case '_TRANSPORT': ev.transport = v; continue;
      case 'SYSLOG_IDENTIFIER': ident = v; continue;
      case 'SYSLOG_PID': syslogPid = v; continue;
      case '_SYSTEMD_UNIT': unit = v; continue;
      case 'PRIORITY': priority = v; continue;
      case 'SYSLOG_FACILITY': facility = v; continue;
      case '_COMM': comm = v; break;
      case '_PID': pid = v; break;
      case '_SYSTEMD_USER_UNIT': userUnit = v; break;
      case '_SOURCE_REALTIME_TIMESTAMP': sourceRealtime = v; break;
      case '__REALTIME_TIMESTAMP': realtime = v; break;
      case '_BOOT_ID': boot = v; break;
      case '__CURSOR': cursor = v; break;
      case '__proto__': // a plain assignment would be ignored; keep the value visible
        if (!stored && v !== null) storeField(fields, key, v);
        continue;
    }
    if (!stored && v !== null) fields[key] = v;
  }

  ev.message = message ?? '';
  if (messageEscaped) ev.message_encoding = 'c-escaped';
  ev.app = ident || comm || null;
  ev.procid = syslogPid || pid || null;
  ev.unit = unit || userUnit || null;
  if (priority !== null) ev.severity_received = readPriority(priority, ev);
  if (facility !== null) ev.facility_received = readFacility(facility, ev);
  ev.time = microsTime(sourceRealtime) ?? microsTime(realtime) ?? fallbackTime;
  if (boot !== null && cursor !== null) ev.identity = `journald:${boot}:${cursor}`;
  // V8 turns an object built by many computed-key stores into a slow dictionary; a spread copy
  // has fast properties again, which halves serializing it (spread also keeps an own __proto__).
  ev.fields = { ...fields };
  return ev;
}

/**
 * Decodes a value that is not a short string: long strings, bytes, null, repeated values,
 * junk. Returns the value a promoted field takes (last one when repeated; null when omitted);
 * sets slowStored when it already wrote `fields[key]` (null and repeated fields).
 */
function decodeSlow(key: string, raw: unknown, ev: ParsedEvent, maxBytes: number): string | null {
  slowEscaped = false;
  slowStored = false;
  if (raw === null || raw === undefined) {
    addNote(ev, 'field_over_threshold');
    storeField(ev.fields, key, '');
    slowStored = true;
    return null;
  }
  if (Array.isArray(raw) && !isByteArray(raw)) {
    const texts: (string | null)[] = [];
    for (const item of raw) {
      const t = decodeSingle(item, ev, maxBytes);
      if (t === null) addNote(ev, 'field_over_threshold');
      if (slowEscaped) addNote(ev, 'field_c_escaped'); // the list in fields holds escaped text
      texts.push(t);
    }
    // slowEscaped now describes the last value, the one a promoted field takes.
    storeField(ev.fields, key, JSON.stringify(texts));
    slowStored = true;
    return texts.length > 0 ? texts[texts.length - 1] : null;
  }
  return decodeSingle(raw, ev, maxBytes);
}

/** One value (not a repeated list): string, bytes or null; other JSON shapes become their text. */
function decodeSingle(raw: unknown, ev: ParsedEvent, maxBytes: number): string | null {
  slowEscaped = false;
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return boundText(raw, ev, maxBytes);
  if (raw instanceof Uint8Array) return bytesValue(raw, ev, maxBytes);
  if (Array.isArray(raw) && isByteArray(raw)) return bytesValue(Uint8Array.from(raw as number[]), ev, maxBytes);
  // Not a journal value shape (a number, boolean, object, nested list): keep its JSON text, at any depth.
  return boundText(typeof raw === 'object' ? jsonText(raw) : String(raw), ev, maxBytes);
}

function bytesValue(bytes: Uint8Array, ev: ParsedEvent, maxBytes: number): string {
  let b = bytes;
  if (b.length > maxBytes) {
    b = b.subarray(0, utf8Boundary(b, maxBytes));
    addNote(ev, 'field_truncated');
  }
  // Fast path: Buffer's decoder only yields U+FFFD for invalid input or a real U+FFFD.
  const quick = Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
  if (!quick.includes('\uFFFD')) return quick;
  const decoded = bytesToText(b);
  slowEscaped = decoded.escaped;
  return decoded.text;
}

function boundText(s: string, ev: ParsedEvent, maxBytes: number): string {
  if (s.length * 3 <= maxBytes || Buffer.byteLength(s) <= maxBytes) return s;
  addNote(ev, 'field_truncated');
  const b = Buffer.from(s);
  return b.toString('utf8', 0, utf8Boundary(b, maxBytes));
}

/** Largest cut ≤ max that does not split a UTF-8 sequence. */
function utf8Boundary(b: Uint8Array, max: number): number {
  let cut = max;
  while (cut > 0 && cut < b.length && (b[cut] & 0xc0) === 0x80) cut--;
  return cut;
}

/** A journalctl byte array (a value that is not UTF-8): numbers 0..255 only. */
export function isByteArray(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !(x >= 0 && x <= 255) || Math.floor(x) !== x) return false;
  }
  return true;
}

function storeField(fields: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  else fields[key] = value;
}

export function addNote(ev: ParsedEvent, code: string): void {
  if (!ev.notes.includes(code)) ev.notes.push(code);
}

/** Decimal 0..max, or -1. Short strings only: journald writes one or two digits. */
function smallDecimal(s: string, max: number): number {
  if (s.length === 0 || s.length > 3) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= max ? n : -1;
}

/** A syslog name as clients spell it: trimmed, lower-case, without a `log_` prefix. */
function nameKey(s: string): string {
  const t = s.trim().toLowerCase();
  return t.startsWith('log_') ? t.slice(4) : t;
}

function readPriority(raw: string, ev: ParsedEvent): number | null {
  const n = smallDecimal(raw, 7);
  if (n >= 0 && String(n) === raw) return n;
  keepRaw(ev, 'PRIORITY', raw);
  if (n >= 0) return n;
  const name = raw.length <= 32 ? nameKey(raw) : '';
  if (Object.hasOwn(LEVEL_WORDS, name)) {
    addNote(ev, 'priority_from_level_name');
    return LEVEL_WORDS[name];
  }
  addNote(ev, 'priority_unreadable');
  return null;
}

function readFacility(raw: string, ev: ParsedEvent): number | null {
  const n = smallDecimal(raw, 23);
  if (n >= 0 && String(n) === raw) return n;
  keepRaw(ev, 'SYSLOG_FACILITY', raw);
  if (n >= 0) return n;
  const code = raw.length <= 32 ? FACILITY_NAMES.indexOf(nameKey(raw)) : -1;
  if (code >= 0) {
    addNote(ev, 'facility_from_name');
    return code;
  }
  addNote(ev, 'facility_unreadable');
  return null;
}

/** A promoted field whose text was not canonical stays visible (unless already kept as a list). */
function keepRaw(ev: ParsedEvent, key: string, raw: string): void {
  if (!Object.hasOwn(ev.fields, key)) ev.fields[key] = raw;
}

/** Record time for a decimal µs string; null when it is not one or lies beyond year 9999. */
function microsTime(s: string | null): string | null {
  if (s === null) return null;
  if (s.length <= 16) {
    const us = smallMicros(s);
    if (us >= 0) return cachedTime(us);
  }
  const us = parseMicrosString(s);
  return us !== null && us < MAX_MICROS ? formatMicros(us) : null;
}

/** Digits-only value of a string short enough to be exact as a double, else -1. */
function smallMicros(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return s.length > 0 && n <= Number.MAX_SAFE_INTEGER ? n : -1;
}

/**
 * Entries arrive in time order, many per second: formatting the second once (BigInt + Date in
 * formatMicros) and appending the µs keeps the hot path cheap.
 */
let cachedSecond = -1;
let cachedPrefix = '';
function cachedTime(us: number): string {
  const second = Math.floor(us / 1e6);
  if (second !== cachedSecond) {
    cachedPrefix = formatMicros(BigInt(second) * 1_000_000n).slice(0, -7); // up to and including '.'
    cachedSecond = second;
  }
  const frac = us - second * 1e6;
  return cachedPrefix + (frac + 1_000_000).toString().slice(1) + 'Z';
}

/**
 * The event for input that could not be read as a journal entry: `message` holds the raw
 * bytes as text (C-escaped when not UTF-8), `parse_error` says why.
 */
export function unreadableEvent(format: SourceFormat, data: Buffer, error: string): ParsedEvent {
  const decoded = bytesToText(data);
  const ev = emptyParsedEvent(format, decoded.text);
  if (decoded.escaped) ev.message_encoding = 'c-escaped';
  ev.parse_error = error;
  return ev;
}
