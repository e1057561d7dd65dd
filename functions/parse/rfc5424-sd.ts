import type { StructuredData } from '../shared/record.js';
import { isValidUtf8 } from '../shared/text.js';
import { Cursor, isPrintUsAscii, SP } from './rfc5424-cursor.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const EQUALS = 0x3d;
const SD_NAME_MAX = 32;

/**
 * STRUCTURED-DATA = NILVALUE / 1*SD-ELEMENT (RFC 5424 §6.3). Elements are stored into
 * `into.structured_data` as they complete, so a failure still leaves the elements (and parameters) read
 * before it. Returns false on a grammar error.
 *
 * Decisions where a map cannot say what the wire says:
 * - the same SD-ID twice is an error (§6.3.2: it "MUST NOT exist more than once"; go-syslog agrees);
 * - a PARAM-NAME repeated inside one element (allowed by §6.3.3) keeps the last value, as go-syslog does.
 */
export function scanStructuredData(c: Cursor, into: { structured_data: StructuredData | null }): boolean {
  const first = c.byteAt();
  if (first === 0x2d) {
    c.pos++;
    return true;
  }
  if (first !== OPEN) return c.expect("STRUCTURED-DATA: '-' or '[' to start an SD-ELEMENT");
  let sd: StructuredData | null = null; // created with the first SD-ID, so a broken first one leaves null
  do {
    c.pos++; // the '['
    const idCol = c.pos;
    const id = scanSdName(c, 'SD-ID');
    if (id === null) return false;
    if (sd === null) into.structured_data = sd = {};
    else if (Object.hasOwn(sd, id)) return c.reject(`duplicate SD-ID "${id}" (RFC 5424 §6.3.2)`, idCol);
    const params: Record<string, string> = {};
    setOwn(sd, id, params);
    let b = c.byteAt();
    while (b === SP) {
      c.pos++;
      const name = scanSdName(c, 'PARAM-NAME');
      if (name === null) return false;
      if (c.byteAt() !== EQUALS) return c.expect("'=' after the PARAM-NAME");
      c.pos++;
      if (c.byteAt() !== QUOTE) return c.expect("'\"' to open the PARAM-VALUE");
      c.pos++;
      const value = scanParamValue(c);
      if (value === null) return false;
      b = c.byteAt();
      // Like the header fields, a parameter counts once the delimiter after it is right.
      if (b === SP || b === CLOSE) setOwn(params, name, value);
    }
    if (b !== CLOSE) return c.expect("a space before an SD-PARAM or ']' to end the SD-ELEMENT");
    c.pos++; // the ']'
  } while (c.byteAt() === OPEN);
  return true;
}

/** SD-NAME = 1*32PRINTUSASCII except '=', SP, ']', '"'. */
function scanSdName(c: Cursor, what: 'SD-ID' | 'PARAM-NAME'): string | null {
  const start = c.pos;
  const text = c.text;
  const limit = Math.min(start + SD_NAME_MAX, text.length);
  let p = start;
  while (p < limit && isSdNameByte(text.charCodeAt(p))) p++;
  if (p === start) {
    c.expect(`${what} (1-32 printable US-ASCII characters except '=', ']', '"' and space)`);
    return null;
  }
  if (p === start + SD_NAME_MAX && isSdNameByte(c.byteAt(p))) {
    c.reject(`invalid ${what}: longer than ${SD_NAME_MAX} characters`, p);
    return null;
  }
  c.pos = p;
  return internName(text, start, p);
}

/**
 * SD-IDs and PARAM-NAMEs repeat from message to message, and storing a freshly sliced string as
 * an object key makes V8 look it up in its string table every time (most of the cost of
 * building structured_data). A small direct-mapped cache hands back the already internalized
 * key instead, without even slicing. Collisions simply replace the entry.
 */
const nameCache: string[] = new Array<string>(256).fill('');

function internName(text: string, start: number, end: number): string {
  const len = end - start;
  const slot = (len * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & 255;
  const cached = nameCache[slot];
  if (cached.length === len && text.startsWith(cached, start)) return cached;
  const name = Object.keys({ [text.slice(start, end)]: 0 })[0]; // the internalized copy
  nameCache[slot] = name;
  return name;
}

function isSdNameByte(b: number): boolean {
  return isPrintUsAscii(b) && b !== EQUALS && b !== CLOSE && b !== QUOTE;
}

/**
 * PARAM-VALUE up to its closing quote (consumed). `\"`, `\\` and `\]` are unescaped; a
 * backslash before any other character is kept as is (§6.3.3); an unescaped `]` is an error
 * (§6.3.3 says it MUST be escaped). The value must be UTF-8 (UTF-8-STRING).
 */
function scanParamValue(c: Cursor): string | null {
  const text = c.text;
  const start = c.pos;
  let p = start;
  let plain = true; // ASCII without backslashes: the bytes are the value
  for (;;) {
    if (p >= text.length) {
      c.expect('\'"\' to close the PARAM-VALUE', p);
      return null;
    }
    const b = text.charCodeAt(p);
    if (b === QUOTE) break;
    if (b === CLOSE) {
      c.expect("']' to be escaped as '\\]' inside a PARAM-VALUE, or '\"' to close it", p);
      return null;
    }
    if (b === BACKSLASH) {
      plain = false;
      const next = c.byteAt(p + 1);
      p += next === QUOTE || next === BACKSLASH || next === CLOSE ? 2 : 1;
      continue;
    }
    if (b >= 0x80) plain = false;
    p++;
  }
  c.pos = p + 1;
  if (plain) return c.ascii(start, p);
  if (c.allAscii) return unescapeParamValue(c.ascii(start, p));
  const bytes = c.data.subarray(start, p);
  if (!isValidUtf8(bytes)) {
    c.reject('invalid PARAM-VALUE: not valid UTF-8', start);
    return null;
  }
  return unescapeParamValue(bytes.toString('utf8'));
}

function unescapeParamValue(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== BACKSLASH) continue;
    const next = s.charCodeAt(i + 1);
    if (next === QUOTE || next === BACKSLASH || next === CLOSE) {
      out += s.slice(from, i);
      from = i + 1; // drop the backslash, keep the escaped character
      i++;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Assigns an own property even for names like "__proto__", which plain assignment would swallow. */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
