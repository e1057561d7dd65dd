import { readJsonObject } from './json-object.js';
import type { FormatOption } from './types.js';

/** What auto-detection decided, with the JSON object when it already parsed one. */
export type Detected =
  | { format: 'journald' | 'filebeat'; object: Record<string, unknown>; text: string }
  | { format: 'cloudwatch_envelope'; object: Record<string, unknown> }
  | { format: 'journal-export' | 'rfc5424' | 'rfc5424-without-pri' | 'rfc3164' | 'plain' }
  /** Starts with `{`, is not valid JSON, and names a key of that format. */
  | { format: 'journald-broken' | 'filebeat-broken' };

const LT = 0x3c;
const GT = 0x3e;
const BRACE = 0x7b;

/** Keys only journald entries carry (trusted fields and the address fields journalctl adds). */
const JOURNALD_KEYS = ['__CURSOR', '__REALTIME_TIMESTAMP', '_BOOT_ID', 'MESSAGE', '_TRANSPORT', 'PRIORITY'];
const JOURNALD_KEY_TOKENS = JOURNALD_KEYS.map((k) => Buffer.from(`"${k}"`));
const FILEBEAT_KEY_TOKENS = [Buffer.from('"@timestamp"')];

/** Whether one of the quoted keys occurs followed by blanks and a colon (a key, not text in a value). */
function namesKey(data: Buffer, tokens: readonly Buffer[]): boolean {
  for (const token of tokens) {
    for (let at = data.indexOf(token); at !== -1; at = data.indexOf(token, at + 1)) {
      let j = at + token.length;
      while (data[j] === 0x20 || data[j] === 0x09 || data[j] === 0x0a || data[j] === 0x0d) j++;
      if (data[j] === 0x3a) return true;
    }
  }
  return false;
}

/**
 * Picks a parser from the event's first bytes. JSON is parsed once here and handed on, so
 * journald entries are not parsed twice. `looksLikeRfc3164` recognizes header-only lines that
 * start with a BSD timestamp (no PRI).
 */
export function detectFormat(data: Buffer, looksLikeRfc3164: (d: Buffer) => boolean): Detected {
  let i = 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09)) i++;
  const first = data[i];
  if (first === BRACE) {
    const reading = readJsonObject(data);
    if ('object' in reading) {
      const object = reading.object;
      if (JOURNALD_KEYS.some((k) => k in object)) return { format: 'journald', object, text: reading.text };
      if (isCloudWatchEnvelope(object)) return { format: 'cloudwatch_envelope', object };
      if (isFilebeatEvent(object)) return { format: 'filebeat', object, text: reading.text };
      return { format: 'plain' };
    }
    // Broken JSON (a cut or corrupted line) that names a journald or Filebeat key is an entry
    // of that format: its parser reports the JSON error and keeps the raw line.
    if (namesKey(data, JOURNALD_KEY_TOKENS)) return { format: 'journald-broken' };
    if (namesKey(data, FILEBEAT_KEY_TOKENS)) return { format: 'filebeat-broken' };
    return { format: 'plain' };
  }
  if (first === LT) return isRfc5424Header(data, i) ? { format: 'rfc5424' } : { format: 'rfc3164' };
  if (isExportEntry(data)) return { format: 'journal-export' };
  if (isPrilessRfc5424Header(data, i)) return { format: 'rfc5424-without-pri' };
  if (looksLikeRfc3164(data)) return { format: 'rfc3164' };
  return { format: 'plain' };
}

export function isCloudWatchEnvelope(o: Record<string, unknown>): boolean {
  return typeof o.messageType === 'string' && Array.isArray(o.logEvents);
}

function isFilebeatEvent(o: Record<string, unknown>): boolean {
  if ('@timestamp' in o || 'Fields' in o) return true;
  return ('journald' in o || 'systemd' in o || 'log.syslog.priority' in o) && 'message' in o;
}

/** `<PRI>VERSION SP`: PRI 1-3 digits, VERSION 1-2 digits, then a space. */
function isRfc5424Header(d: Buffer, i: number): boolean {
  let j = i + 1;
  const priStart = j;
  while (j < d.length && j - priStart < 3 && d[j] >= 0x30 && d[j] <= 0x39) j++;
  if (j === priStart || d[j] !== GT) return false;
  j++;
  const vStart = j;
  while (j < d.length && j - vStart < 2 && d[j] >= 0x30 && d[j] <= 0x39) j++;
  return j > vStart && d[j] === 0x20;
}

/**
 * An RFC 5424 header whose PRI a relay stripped: `VERSION SP FULL-DATE "T"`, VERSION 1-3
 * digits without a leading zero. No other format starts with a number, a space and an
 * RFC 3339 date (RFC 3164's ISO stamps and plain lines start with the date itself). A NIL
 * timestamp (`1 - …`) is too weak a sign without the PRI, so such lines stay plain.
 */
function isPrilessRfc5424Header(d: Buffer, i: number): boolean {
  if (d[i] < 0x31 || d[i] > 0x39) return false;
  let j = i + 1;
  while (j < d.length && j - i < 3 && isDigitByte(d[j])) j++;
  if (d[j] !== 0x20) return false;
  j++;
  // FULL-DATE "T": DDDD-DD-DDT
  for (let k = 0; k < 11; k++) {
    const b = d[j + k];
    const ok = k === 4 || k === 7 ? b === 0x2d : k === 10 ? b === 0x54 : isDigitByte(b);
    if (!ok) return false;
  }
  return true;
}

function isDigitByte(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** An export entry: several lines, the first `KEY=` or `KEY\n` with an upper-case journal field name. */
function isExportEntry(d: Buffer): boolean {
  const nl = d.indexOf(0x0a);
  if (nl < 0) return false;
  let j = 0;
  while (j < nl && ((d[j] >= 0x41 && d[j] <= 0x5a) || (d[j] >= 0x30 && d[j] <= 0x39) || d[j] === 0x5f)) j++;
  return j > 0 && (d[j] === 0x3d || j === nl) && d[0] !== 0x30;
}

/** CLI spelling -> parser. `auto` is handled by detectFormat. */
export const FORMAT_OPTIONS: readonly FormatOption[] = [
  'auto', 'journald', 'journal-export', 'filebeat', 'rfc5424', 'rfc3164', 'cloudwatch', 'plain',
];
