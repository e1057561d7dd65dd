import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { parseRfc5424 } from '../../functions/parse/rfc5424.js';
import type { ParseContext, ParsedEvent } from '../../functions/parse/types.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { StructuredData } from '../../functions/shared/record.js';
import { bytesToText, escapeBytes } from '../../functions/shared/text.js';
import { readJsonl } from '../support/corpora.js';

type Bytes = string | { base64: string } | null;

interface GoFields {
  priority: number;
  facility: number;
  severity: number;
  version: number;
  timestamp: string | null;
  hostname: string | null;
  appname: string | null;
  procid: string | null;
  msgid: string | null;
  structured_data: StructuredData | null;
  message: Bytes;
}

interface Vector {
  source_table: string;
  input: string | null;
  input_base64?: string;
  options: string[];
  valid: boolean;
  expected: GoFields | null;
  error: string | null;
  expected_partial_best_effort: Partial<GoFields> | null;
}

interface SpecExample {
  kind: string;
  rfc: string;
  input: string;
  rfc_stated: Omit<GoFields, 'message' | 'priority'> & { message: string | null; message_utf8_with_bom?: boolean };
}

const RECEIVED = new Date('2026-11-26T00:00:00Z');
const ctx: ParseContext = { receivedTime: RECEIVED, timeZoneFor: () => 'UTC' };

const VECTORS = readJsonl<Vector>('syslog-go-syslog/rfc5424_vectors.jsonl');
const SPEC_5424 = readJsonl<SpecExample>('syslog-go-syslog/rfc_spec_examples.jsonl').filter((e) => e.kind === '5424');

/**
 * The one vector where logsift follows RFC 5424 over go-syslog: go-syslog rejects the invalid
 * escape `\n` inside a PARAM-VALUE; §6.3.3 says to keep it as the two characters '\' and 'n'.
 */
const isRfcOverGoSyslog = (v: Vector) => v.input !== null && v.input.includes('[meta escape="\\n"]');

let built = 0;
/** Parses and also builds the record, so the suite's schema check sees every event. */
function parse(data: Buffer): ParsedEvent {
  const ev = parseRfc5424(data, ctx);
  const raw: RawEvent = { data, identity: 'test:' + built++, receivedTime: RECEIVED };
  buildRecord(ev, raw, DEFAULT_CONFIG);
  return ev;
}

function inputOf(v: { input: string | null; input_base64?: string }): Buffer {
  return v.input !== null ? Buffer.from(v.input, 'utf8') : Buffer.from(v.input_base64!, 'base64');
}

/**
 * What `message`/`message_encoding` must be for go-syslog's message value. record.message is a
 * string, so go-syslog's absent MSG (null) is deliberately expected as "".
 */
function expectedMessage(m: Bytes): { message: string; message_encoding: 'c-escaped' | null } {
  if (m === null) return { message: '', message_encoding: null };
  if (typeof m === 'string') return { message: m, message_encoding: null };
  const text = bytesToText(Buffer.from(m.base64, 'base64'));
  return { message: text.text, message_encoding: text.escaped ? 'c-escaped' : null };
}

/** RFC 3339 (any precision, any offset) to µs since the epoch; Date.parse keeps only ms. */
function instantMicros(rfc3339: string | null): bigint | null {
  if (rfc3339 === null) return null;
  const dot = rfc3339.indexOf('.');
  if (dot < 0) return BigInt(Date.parse(rfc3339)) * 1000n;
  let end = dot + 1;
  while (rfc3339[end] >= '0' && rfc3339[end] <= '9') end++;
  const micros = BigInt((rfc3339.slice(dot + 1, end) + '000000').slice(0, 6));
  return BigInt(Date.parse(rfc3339.slice(0, dot) + rfc3339.slice(end))) * 1000n + micros;
}

/** The parsed event in go-syslog's terms, time as an instant. */
function asGo(ev: ParsedEvent) {
  return {
    facility: ev.facility_received,
    severity: ev.severity_received,
    version: ev.version,
    time: instantMicros(ev.time),
    hostname: ev.host,
    appname: ev.app,
    procid: ev.procid,
    msgid: ev.msgid,
    structured_data: ev.structured_data,
  };
}

function goExpected(e: Partial<GoFields>) {
  return {
    facility: e.facility ?? null,
    severity: e.severity ?? null,
    version: e.version ?? null,
    time: instantMicros(e.timestamp ?? null),
    hostname: e.hostname ?? null,
    appname: e.appname ?? null,
    procid: e.procid ?? null,
    msgid: e.msgid ?? null,
    structured_data: e.structured_data ?? null,
  };
}

const label = (v: Vector, i: number) => `#${i} ${JSON.stringify(v.input ?? v.input_base64).slice(0, 70)}`;
const indexed = VECTORS.map((v, i) => [label(v, i), v] as const);
const validVectors = indexed.filter(([, v]) => v.valid);
const nonCompliant = indexed.filter(([, v]) => v.options.includes('WithCompliantMsg'));
const invalidVectors = indexed.filter(([, v]) => !v.valid && v.options.length === 0 && !isRfcOverGoSyslog(v));

describe('go-syslog RFC 5424 vectors', () => {
  it('covers every record of the corpus', () => {
    expect(VECTORS.length).toBe(178);
    expect(validVectors.length + nonCompliant.length + invalidVectors.length + 1).toBe(VECTORS.length);
  });

  it.each(validVectors)('valid %s', (_, v) => {
    const ev = parse(inputOf(v));
    expect(ev.parse_error).toBeNull();
    expect(ev.source_format).toBe('rfc5424');
    expect(asGo(ev)).toEqual(goExpected(v.expected!));
    expect({ message: ev.message, message_encoding: ev.message_encoding }).toEqual(expectedMessage(v.expected!.message));
    expect(ev.facility_received! * 8 + ev.severity_received!).toBe(v.expected!.priority);
  });

  // Invalid in go-syslog only under WithCompliantMsg (BOM followed by non-UTF-8); logsift does not
  // use that option, so they are valid and the MSG bytes come out C-escaped.
  it.each(nonCompliant)('valid without WithCompliantMsg %s', (_, v) => {
    const data = inputOf(v);
    const ev = parse(data);
    expect(ev.parse_error).toBeNull();
    const partial = v.expected_partial_best_effort!;
    expect(asGo(ev)).toEqual(goExpected({ ...partial, message: null }));
    // Every header field of these inputs is NILVALUE: MSG starts after "<PRI>VERSION - - - - - - ".
    const header = data.indexOf('- - - - - - ') + '- - - - - - '.length;
    expect(data.subarray(header - 12, header).toString()).toBe('- - - - - - ');
    const msg = data.subarray(header);
    expect(ev.message).toBe(escapeBytes(msg));
    expect(ev.message_encoding).toBe('c-escaped');
    expect(ev.message.startsWith('\uFEFF')).toBe(true);
  });

  it.each(invalidVectors)('invalid %s', (_, v) => {
    const data = inputOf(v);
    const ev = parse(data);
    expect(ev.parse_error).not.toBeNull();
    expect(ev.parse_error!.endsWith(']')).toBe(true);
    const col = Number(ev.parse_error!.slice(ev.parse_error!.lastIndexOf('[col ') + 5, -1));
    expect(col).toBeGreaterThanOrEqual(0);
    expect(col).toBeLessThanOrEqual(data.length);
    const raw = bytesToText(data);
    expect([ev.message, ev.message_encoding]).toEqual([raw.text, raw.escaped ? 'c-escaped' : null]);
    const partial = v.expected_partial_best_effort;
    if (partial) {
      const got = asGo(ev);
      const want = goExpected(partial);
      expect([got.facility, got.severity, got.version]).toEqual([want.facility, want.severity, want.version]);
    } else {
      // go-syslog gives no partial result when PRI or VERSION is broken; neither do we.
      expect(ev.version).toBeNull();
    }
  });

  it('the best-effort partial fields agree with go-syslog for every invalid vector that has them', () => {
    const withPartial = invalidVectors.filter(([, v]) => v.expected_partial_best_effort);
    const disagreeing = withPartial
      .map(([name, v]) => ({ name, got: asGo(parse(inputOf(v))), want: goExpected(v.expected_partial_best_effort!) }))
      .filter(({ got, want }) => JSON.stringify(got, bigintJson) !== JSON.stringify(want, bigintJson));
    expect(withPartial.length).toBe(71);
    expect(disagreeing).toEqual([]);
  });

  it('keeps a backslash before any other character in a PARAM-VALUE, as RFC 5424 §6.3.3 says (go-syslog rejects it)', () => {
    const v = VECTORS.find(isRfcOverGoSyslog)!;
    expect(v.valid).toBe(false);
    const ev = parse(inputOf(v));
    expect(ev.parse_error).toBeNull();
    expect(ev.structured_data).toEqual({ meta: { escape: '\\n' } });
    expect(ev.message).toBe('127.0.0.1 - - 1452819643 "GET"');
  });
});

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

describe('RFC 5424 §6.5 examples', () => {
  it('has the four RFC 5424 examples', () => {
    expect(SPEC_5424.length).toBe(4);
  });

  it.each(SPEC_5424.map((e) => [e.rfc, e] as const))('%s', (_, e) => {
    const ev = parse(Buffer.from(e.input, 'utf8'));
    const s = e.rfc_stated;
    expect(ev.parse_error).toBeNull();
    expect(asGo(ev)).toEqual(goExpected({ ...s, message: null }));
    // The RFC states the text without its BOM; like go-syslog, the message keeps the BOM.
    const message = s.message === null ? '' : (s.message_utf8_with_bom ? '\uFEFF' : '') + s.message;
    expect(ev.message).toBe(message);
  });
});

describe('parseRfc5424 details', () => {
  const p = (s: string | Buffer) => parse(typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
  const head = '<14>1 2024-05-06T07:08:09.123456Z host app 42 ID1';

  it('normalizes the time to UTC with six fractional digits', () => {
    expect(p('<14>1 2024-05-06T07:08:09Z - - - - -').time).toBe('2024-05-06T07:08:09.000000Z');
    expect(p('<14>1 2024-05-06T07:08:09.1-00:00 - - - - -').time).toBe('2024-05-06T07:08:09.100000Z');
    expect(p('<14>1 2003-08-24T05:14:15.000003-07:00 - - - - -').time).toBe('2003-08-24T12:14:15.000003Z');
    expect(p('<14>1 2000-03-01T00:30:00+01:00 - - - - -').time).toBe('2000-02-29T23:30:00.000000Z');
    expect(p('<14>1 2000-12-31T23:30:00.5-01:00 - - - - -').time).toBe('2001-01-01T00:30:00.500000Z');
    expect(p('<14>1 2019-01-31T22:00:00-23:59 - - - - -').time).toBe('2019-02-01T21:59:00.000000Z');
    expect(p('<14>1 0000-01-01T00:00:00Z - - - - -').time).toBe('0000-01-01T00:00:00.000000Z');
  });

  it('rejects dates that do not exist and instants outside 0000-9999 UTC', () => {
    expect(p('<14>1 2000-02-29T00:00:00Z - - - - -').parse_error).toBeNull();
    expect(p('<14>1 1900-02-29T00:00:00Z - - - - -').parse_error).toBe(
      'invalid TIMESTAMP: day 29 does not exist in 1900-02 [col 14]',
    );
    expect(p('<14>1 2024-04-31T00:00:00Z - - - - -').parse_error).toContain('day 31 does not exist in 2024-04');
    expect(p('<14>1 0000-01-01T00:30:00+01:00 - - - - -').parse_error).toContain('outside the years 0000-9999');
    expect(p('<14>1 9999-12-31T23:30:00-01:00 - - - - -').parse_error).toContain('outside the years 0000-9999');
    expect(p('<14>1 2024-05-06T07:08:60Z - - - - -').parse_error).toBe(
      "expecting a TIMESTAMP second 00-59, found '6' [col 23]",
    );
  });

  it('names what it expected, what it found and where', () => {
    expect(p('<1>1 - host\nname - - - -').parse_error).toBe(
      'expecting printable US-ASCII characters in HOSTNAME, or a space after it, found byte 0x0a [col 11]',
    );
    expect(p('').parse_error).toBe("expecting '<' to open the PRI, found end of input [col 0]");
    expect(p('<192>1 - - - - - -').parse_error).toBe("expecting a PRI value 0-191, found '2' [col 3]");
    expect(p('<1>1 - - - - - - ').parse_error).toBeNull();
    expect(p('<1>1 - - - - -  x').parse_error).toBe(
      "expecting STRUCTURED-DATA: '-' or '[' to start an SD-ELEMENT, found a space [col 15]",
    );
    const latin1Host = Buffer.concat([Buffer.from('<1>1 - h'), Buffer.from([0xe9]), Buffer.from(' - - - -')]);
    const ev = p(latin1Host);
    expect(ev.parse_error).toBe('expecting printable US-ASCII characters in HOSTNAME, or a space after it, found byte 0xe9 [col 8]');
    expect(ev.message).toBe('<1>1 - h\\xe9 - - - -');
    expect(ev.message_encoding).toBe('c-escaped');
    expect(ev.host).toBeNull();
  });

  it('enforces the grammar length limits exactly', () => {
    const field = (n: number) => 'x'.repeat(n);
    expect(p(`<1>1 - ${field(255)} - - - -`).host).toBe(field(255));
    expect(p(`<1>1 - ${field(256)} - - - -`).parse_error).toBe('invalid HOSTNAME: longer than 255 characters [col 262]');
    expect(p(`<1>1 - - ${field(48)} - - -`).app).toBe(field(48));
    expect(p(`<1>1 - - ${field(49)} - - -`).parse_error).toContain('invalid APP-NAME: longer than 48');
    expect(p(`<1>1 - - - ${field(128)} - -`).procid).toBe(field(128));
    expect(p(`<1>1 - - - ${field(129)} - -`).parse_error).toContain('invalid PROCID: longer than 128');
    expect(p(`<1>1 - - - - ${field(32)} -`).msgid).toBe(field(32));
    expect(p(`<1>1 - - - - ${field(33)} -`).parse_error).toContain('invalid MSGID: longer than 32');
    expect(p(`<1>1 - - - - - [${field(32)} ${field(32)}="v"]`).structured_data).toEqual({
      [field(32)]: { [field(32)]: 'v' },
    });
    expect(p(`<1>1 - - - - - [${field(33)}]`).parse_error).toContain('invalid SD-ID: longer than 32');
    expect(p(`<1>1 - - - - - [id ${field(33)}="v"]`).parse_error).toContain('invalid PARAM-NAME: longer than 32');
  });

  it('reads VERSION as 1-3 digits (RFC 5424 §6: NONZERO-DIGIT 0*2DIGIT)', () => {
    expect(p('<1>999 - - - - - -').version).toBe(999);
    expect(p('<1>01 - - - - - -').parse_error).toContain('expecting a VERSION 1-999');
  });

  it('treats "-" as NILVALUE only when it is the whole field', () => {
    const ev = p('<1>1 - -host -app -- -x -');
    expect([ev.host, ev.app, ev.procid, ev.msgid]).toEqual(['-host', '-app', '--', '-x']);
  });

  it('rejects a repeated SD-ID but keeps the last of repeated PARAM-NAMEs', () => {
    const dup = p(`${head} [a x="1"][b][a y="2"] msg`);
    expect(dup.parse_error).toContain('duplicate SD-ID "a"');
    expect(dup.structured_data).toEqual({ a: { x: '1' }, b: {} });
    expect(p(`${head} [a x="1" x="2"] msg`).structured_data).toEqual({ a: { x: '2' } });
  });

  it('unescapes \\" \\\\ \\] and keeps UTF-8 in PARAM-VALUEs; invalid UTF-8 there is an error', () => {
    expect(p(`${head} [a v="q\\"b\\\\s\\]e\\x é"]`).structured_data).toEqual({ a: { v: 'q"b\\s]e\\x é' } });
    const bad = Buffer.concat([Buffer.from(`${head} [a v="`), Buffer.from([0xff]), Buffer.from('"] m')]);
    expect(p(bad).parse_error).toBe(`invalid PARAM-VALUE: not valid UTF-8 [col ${head.length + 7}]`);
    expect(p(`${head} [a v="x]"]`).parse_error).toContain("expecting ']' to be escaped");
    expect(p(`${head} [a v="x`).parse_error).toContain('to close the PARAM-VALUE, found end of input');
  });

  it('stores SD names such as __proto__ as ordinary own keys', () => {
    const ev = p(`${head} [__proto__ __proto__="x" constructor="y"][constructor]`);
    expect(ev.parse_error).toBeNull();
    expect(Object.keys(ev.structured_data!)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(ev.structured_data)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(ev.structured_data))).toEqual(
      JSON.parse('{"__proto__":{"__proto__":"x","constructor":"y"},"constructor":{}}'),
    );
  });

  it('keeps MSG bytes: BOM, newlines, and non-UTF-8 (C-escaped)', () => {
    expect(p(`${head} - \uFEFFhi`).message).toBe('\uFEFFhi');
    expect(p(`${head} - a\nb\r\n`).message).toBe('a\nb\r\n');
    expect(p(`${head} -  two leading spaces`).message).toBe(' two leading spaces');
    const ev = p(Buffer.concat([Buffer.from(`${head} - caf`), Buffer.from([0xe9, 0x5c])]));
    expect([ev.message, ev.message_encoding, ev.parse_error]).toEqual(['caf\\xe9\\\\', 'c-escaped', null]);
    expect(p(`${head} -`).message).toBe('');
    expect(p(`${head} - `).message).toBe('');
  });

  it('does not need the context (RFC 5424 times carry their offset)', () => {
    const other: ParseContext = { receivedTime: new Date(0), timeZoneFor: () => 'Asia/Tokyo' };
    const data = Buffer.from('<14>1 2024-05-06T07:08:09+02:00 - - - - -');
    expect(parseRfc5424(data, other)).toEqual(parseRfc5424(data, ctx));
  });
});

describe('properties', () => {
  const checkRaw = (data: Buffer) => {
    const ev = parse(data);
    expect(typeof ev.message).toBe('string');
    if (ev.parse_error !== null) expect(ev.message).toBe(bytesToText(data).text);
  };

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => checkRaw(Buffer.from(bytes))), {
      numRuns: 2000,
    });
  });

  it('never throws on syslog-shaped text', () => {
    const alphabet = fc.constantFrom(
      ...'<>0123456789 -[]="\\TZ:.+azé\n\uFEFF'.split(''),
      '<13>1 ', '2024-02-29T23:59:59.999999+23:59', '[id ', ' p="v"', '] ', '\\]', '\\"',
    );
    const text = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.boolean(), (s, prefixed) => checkRaw(Buffer.from(prefixed ? '<13>1 ' + s : s, 'utf8'))),
      { numRuns: 3000 },
    );
  });

  it('parses every valid generated message back into its fields, MSG intact', () => {
    fc.assert(
      fc.property(validMessage(), (m) => {
        const ev = parse(m.wire);
        expect(ev.parse_error).toBeNull();
        expect(asGo(ev)).toEqual(m.expected);
        expect(ev.message).toBe(bytesToText(m.msg).text);
      }),
      { numRuns: 1500 },
    );
  });
});

/** Arbitrary valid RFC 5424 messages with the fields they must parse to. */
function validMessage() {
  const printUsAscii = (max: number) =>
    fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: max });
  const sdName = fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x3d && c !== 0x5d && c !== 0x22).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 32,
  });
  const paramValue = fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => Buffer.from(s).toString() === s); // no lone surrogates
  const element = fc.tuple(sdName, fc.array(fc.tuple(sdName, paramValue), { maxLength: 3 }));
  const timestamp = fc.record({
    year: fc.integer({ min: 1, max: 9998 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 6 }),
    offset: fc.option(fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
  });
  return fc
    .record({
      pri: fc.integer({ min: 0, max: 191 }),
      version: fc.integer({ min: 1, max: 999 }),
      time: fc.option(timestamp),
      host: fc.option(printUsAscii(255)),
      app: fc.option(printUsAscii(48)),
      procid: fc.option(printUsAscii(128)),
      msgid: fc.option(printUsAscii(32)),
      sd: fc.option(fc.uniqueArray(element, { selector: ([id]) => id, minLength: 1, maxLength: 3 })),
      msg: fc.option(
        fc.oneof(
          fc.uint8Array({ maxLength: 60 }),
          fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => Buffer.from(s)),
          fc.string({ maxLength: 60 }).map((s) => Buffer.from(s)),
        ),
      ),
    })
    .map((r) => {
      let time: string | null = null;
      let instant: bigint | null = null;
      if (r.time) {
        const t = r.time;
        const day = Math.min(t.day, daysInMonth(t.year, t.month));
        const pad = (n: number, w = 2) => String(n).padStart(w, '0');
        const off = t.offset === null ? 'Z' : (t.offset < 0 ? '-' : '+') + pad(Math.trunc(Math.abs(t.offset) / 60)) + ':' + pad(Math.abs(t.offset) % 60);
        time = `${pad(t.year, 4)}-${pad(t.month)}-${pad(day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.fraction ? '.' + t.fraction : ''}${off}`;
        // Oracle through Date (+400 years keeps Date.UTC off its 0..99 → 19xx rule).
        const ms = Date.UTC(t.year + 400, t.month - 1, day, t.hour, t.minute, t.second) - 146097 * 86_400_000 - (t.offset ?? 0) * 60_000;
        instant = BigInt(ms) * 1000n + BigInt((t.fraction + '000000').slice(0, 6));
      }
      let sdWire = '-';
      let sd: StructuredData | null = null;
      if (r.sd) {
        sd = {};
        sdWire = '';
        for (const [id, params] of r.sd) {
          const values: Record<string, string> = {};
          sdWire += '[' + id;
          for (const [name, value] of params) {
            setOwn(values, name, value); // a repeated name keeps its last value
            sdWire += ` ${name}="${escapeParamValue(value)}"`;
          }
          sdWire += ']';
          setOwn(sd, id, values);
        }
      }
      const nil = (s: string | null) => s ?? '-';
      const header = `<${r.pri}>${r.version} ${nil(time)} ${nil(r.host)} ${nil(r.app)} ${nil(r.procid)} ${nil(r.msgid)} ${sdWire}`;
      const msg = Buffer.from(r.msg ?? []);
      const wire = Buffer.concat([Buffer.from(header, 'utf8'), r.msg ? Buffer.concat([Buffer.from(' '), msg]) : Buffer.alloc(0)]);
      const orNull = (s: string | null) => (s === '-' ? null : s);
      return {
        wire,
        msg,
        expected: {
          facility: r.pri >> 3,
          severity: r.pri & 7,
          version: r.version,
          time: instant,
          hostname: orNull(r.host),
          appname: orNull(r.app),
          procid: orNull(r.procid),
          msgid: orNull(r.msgid),
          structured_data: sd,
        },
      };
    });
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The wire form of a PARAM-VALUE: '"', '\\' and ']' escaped (RFC 5424 §6.3.3). */
function escapeParamValue(value: string): string {
  let out = '';
  for (const ch of value) out += ch === '"' || ch === '\\' || ch === ']' ? '\\' + ch : ch;
  return out;
}

/** Plain assignment would turn a key named "__proto__" into a prototype change. */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
