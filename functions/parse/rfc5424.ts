import { bytesToText } from '../shared/text.js';
import { Cursor, isDigit, isPrintUsAscii, SP } from './rfc5424-cursor.js';
import { scanStructuredData } from './rfc5424-sd.js';
import { scanTimestamp } from './rfc5424-timestamp.js';
import { emptyParsedEvent, type ParseContext, type ParsedEvent } from './types.js';

/**
 * Strict RFC 5424 (§6) parser:
 *   SYSLOG-MSG = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP
 *                STRUCTURED-DATA [SP MSG]
 * A grammar error gives `parse_error` ("expecting …, found … [col N]", N a 0-based byte
 * offset), the whole input as `message`, and every field completed before the error.
 *
 * MSG is kept byte for byte, a leading UTF-8 BOM included (as go-syslog does); bytes that are
 * not UTF-8 are allowed (MSG-ANY) and come out C-escaped. An absent or empty MSG is "".
 * RFC 5424 times always carry an offset, so the context's time zones are not needed.
 */
export function parseRfc5424(data: Buffer, _ctx: ParseContext): ParsedEvent {
  return parse(data, true);
}

/**
 * The same grammar without the PRI, for lines a relay or network OS sent with the PRI
 * stripped (`1 2026-11-26T01:00:00.250+01:00 router rpd 1234 - - bgp peer down`). Only `auto`
 * detection chooses it (detect-format.ts); facility and severity are then absent, and
 * normalize applies the RFC 3164 no-PRI default as for any syslog line without one.
 */
export function parseRfc5424WithoutPri(data: Buffer, _ctx: ParseContext): ParsedEvent {
  return parse(data, false);
}

function parse(data: Buffer, withPri: boolean): ParsedEvent {
  const ev = emptyParsedEvent('rfc5424', '');
  const c = new Cursor(data);
  if (scanMessage(c, ev, withPri)) return ev;
  ev.parse_error = c.error;
  if (c.allAscii) {
    ev.message = c.text;
    return ev;
  }
  const raw = bytesToText(data);
  ev.message = raw.text;
  ev.message_encoding = raw.escaped ? 'c-escaped' : null;
  return ev;
}

function scanMessage(c: Cursor, ev: ParsedEvent, withPri: boolean): boolean {
  if ((withPri && !scanPri(c, ev)) || !scanVersion(c, ev) || !space(c, 'VERSION')) return false;

  const time = scanTimestamp(c);
  if (time === false) return false;
  ev.time = time;
  if (!space(c, 'TIMESTAMP')) return false;

  const host = scanHeaderField(c, 'HOSTNAME', 255);
  if (host === false) return false;
  ev.host = host;
  const app = scanHeaderField(c, 'APP-NAME', 48);
  if (app === false) return false;
  ev.app = app;
  const procid = scanHeaderField(c, 'PROCID', 128);
  if (procid === false) return false;
  ev.procid = procid;
  const msgid = scanHeaderField(c, 'MSGID', 32);
  if (msgid === false) return false;
  ev.msgid = msgid;

  if (!scanStructuredData(c, ev)) return false;
  const end = c.text.length;
  if (c.pos === end) return true;
  if (c.byteAt() !== SP) return c.expect('a space before MSG, or the end of the message');
  if (++c.pos === end) return true;
  if (c.allAscii) {
    ev.message = c.text.slice(c.pos);
    return true;
  }
  const msg = bytesToText(c.data.subarray(c.pos));
  ev.message = msg.text;
  ev.message_encoding = msg.escaped ? 'c-escaped' : null;
  return true;
}

/** PRI = "<" PRIVAL ">", PRIVAL 0..191 in 1-3 digits without leading zeros. */
function scanPri(c: Cursor, ev: ParsedEvent): boolean {
  if (c.byteAt() !== 0x3c) return c.expect("'<' to open the PRI");
  c.pos++;
  let b = c.byteAt();
  if (!isDigit(b)) return c.expect('a PRI value 0-191');
  let value = b - 0x30;
  c.pos++;
  if (value !== 0) {
    while (isDigit((b = c.byteAt()))) {
      value = value * 10 + (b - 0x30);
      if (value > 191) return c.expect('a PRI value 0-191');
      c.pos++;
    }
  }
  if (c.byteAt() !== 0x3e) return c.expect(value === 0 ? "'>' after PRI 0 (no leading zeros)" : "'>' to close the PRI");
  c.pos++;
  ev.facility_received = value >> 3;
  ev.severity_received = value & 7;
  return true;
}

/** VERSION = NONZERO-DIGIT 0*2DIGIT (1..999). */
function scanVersion(c: Cursor, ev: ParsedEvent): boolean {
  let b = c.byteAt();
  if (b < 0x31 || b > 0x39) return c.expect('a VERSION 1-999 (no leading zeros)');
  let version = b - 0x30;
  c.pos++;
  for (let i = 0; i < 2 && isDigit((b = c.byteAt())); i++) {
    version = version * 10 + (b - 0x30);
    c.pos++;
  }
  ev.version = version;
  if (isDigit(c.byteAt())) return c.expect('a VERSION of at most 3 digits');
  return true;
}

function space(c: Cursor, after: string): boolean {
  if (c.byteAt() !== SP) return c.expect(`a space after ${after}`);
  c.pos++;
  return true;
}

/**
 * NILVALUE / 1*max PRINTUSASCII, then SP. Returns the text, null for "-", false on error.
 * The length limit is the grammar's: one character more is an error, not a cut.
 */
function scanHeaderField(c: Cursor, name: string, max: number): string | null | false {
  const text = c.text;
  const start = c.pos;
  const limit = Math.min(start + max, text.length);
  let p = start;
  while (p < limit && isPrintUsAscii(text.charCodeAt(p))) p++;
  if (p === start) return c.expect(`${name} (1-${max} printable US-ASCII characters) or '-'`);
  const next = c.byteAt(p);
  if (next !== SP) {
    if (isPrintUsAscii(next)) return c.reject(`invalid ${name}: longer than ${max} characters`, p);
    return c.expect(`printable US-ASCII characters in ${name}, or a space after it`, p);
  }
  c.pos = p + 1;
  return p - start === 1 && text.charCodeAt(start) === 0x2d ? null : c.ascii(start, p);
}
