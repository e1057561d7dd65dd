import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { looksLikeRfc3164, parseRfc3164 } from '../../functions/parse/rfc3164.js';
import type { ParseContext, ParsedEvent } from '../../functions/parse/types.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { readJsonl } from '../support/corpora.js';

interface GoFields {
  priority: number | null;
  facility: number | null;
  severity: number | null;
  timestamp?: string;
  hostname?: string | null;
  appname?: string | null;
  procid?: string | null;
  msgid?: string | null;
  message?: string | null;
  message_counter?: number;
  sequence?: number;
}

interface Vector {
  source: string;
  input: string;
  options: { timezone?: string; locale_timezone?: string; year?: number; [k: string]: unknown };
  valid: boolean;
  expected: GoFields | null;
  error: string | null;
  expected_partial_best_effort?: Partial<GoFields> | null;
}

interface SpecExample {
  kind: string;
  rfc: string;
  input: string;
  rfc_stated: { content?: string; facility: number; severity: number; hostname?: string; tag?: string; timestamp?: string };
}

const RECEIVED = new Date('2026-11-26T00:00:00Z');
const UTC_CTX: ParseContext = { receivedTime: RECEIVED, timeZoneFor: () => 'UTC' };

let built = 0;
/** Parses and also builds the record, so the suite's schema check sees every event. */
function parse(line: string | Buffer, ctx: ParseContext = UTC_CTX): ParsedEvent {
  const data = typeof line === 'string' ? Buffer.from(line) : line;
  const ev = parseRfc3164(data, ctx);
  const raw: RawEvent = { data, identity: 'test:' + built++, receivedTime: ctx.receivedTime };
  buildRecord(ev, raw, DEFAULT_CONFIG);
  return ev;
}

function ctxFor(zone: string, received: string | Date = RECEIVED): ParseContext {
  return { receivedTime: new Date(received), timeZoneFor: () => zone };
}

// ---------------------------------------------------------------------------------------------
// go-syslog vectors
// ---------------------------------------------------------------------------------------------

const GO_VECTORS = readJsonl<Vector>('syslog-go-syslog/rfc3164_vectors.jsonl');
const LEODIDO_VECTORS = readJsonl<Vector>('syslog-go-syslog/rfc3164_leodido_v4_vectors.jsonl');
const SPEC_3164 = readJsonl<SpecExample>('syslog-go-syslog/rfc_spec_examples.jsonl').filter((e) => e.kind === '3164');

/**
 * The context that reproduces a vector's options. go-syslog's `WithTimezone` reads the stamp as
 * UTC and only displays it in the zone (same instant as zone UTC); `WithLocaleTimezone` reads it
 * as wall time in the zone (our per-host zone); a fixed `year` is reproduced by a receive time
 * late in that year.
 */
function vectorCtx(v: Vector): ParseContext {
  const zone = v.options.locale_timezone ?? 'UTC';
  const received = v.options.year !== undefined ? `${v.options.year}-12-24T00:00:00Z` : RECEIVED;
  return ctxFor(zone, received);
}

/**
 * The expected timestamp in the form we can compare: the full UTC instant when go-syslog knew
 * the year, else month-day-time (go-syslog uses year 0000): of the instant for UTC/`timezone`,
 * of the wall time for `locale_timezone` (go-syslog's year-0 offset there is the zone's LMT).
 */
function comparableTimes(v: Vector, ours: string | null): { want: string; got: string | null } {
  const expected = DateTime.fromISO(v.expected!.timestamp!, { setZone: true });
  const zone = v.options.locale_timezone;
  const fmt = "MM-dd'T'HH:mm:ss.SSS";
  if (ours === null) return { want: expected.toUTC().toISO()!, got: null };
  const got = DateTime.fromISO(ours, { zone: 'UTC' });
  if (expected.year !== 0) return { want: expected.toUTC().toFormat("yyyy-" + fmt), got: got.toFormat("yyyy-" + fmt) };
  if (zone) return { want: expected.toFormat(fmt), got: got.setZone(zone).toFormat(fmt) };
  return { want: expected.toUTC().toFormat(fmt), got: got.toFormat(fmt) };
}

/** Field-by-field disagreements between our event and a go-syslog expectation. */
function disagreements(v: Vector, ev: ParsedEvent): string[] {
  const e = v.expected!;
  const out: string[] = [];
  const check = (name: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) out.push(`${name}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
  };
  check('facility', e.facility, ev.facility_received);
  check('severity', e.severity, ev.severity_received);
  check('hostname', e.hostname, ev.host);
  check('appname', e.appname, ev.app);
  check('procid', e.procid, ev.procid);
  check('msgid', e.msgid, ev.msgid);
  check('message', e.message, ev.message);
  if (e.timestamp !== undefined) {
    const { want, got } = comparableTimes(v, ev.time);
    check('timestamp', want, got);
  }
  if (e.message_counter !== undefined) check('message_counter', String(e.message_counter), ev.fields.message_counter);
  // We keep Cisco's sequence number as sent (`000104`); go-syslog makes it a number.
  if (e.sequence !== undefined) check('sequence', e.sequence, Number(ev.fields.sequence));
  if (ev.parse_error !== null) out.push(`parse_error: ${ev.parse_error}`);
  return out;
}

/**
 * Where logsift deliberately differs from go-syslog, keyed by vector source + input, with the
 * behaviour we assert instead and why.
 */
const DELIBERATE: Array<{ match: (v: Vector) => boolean; why: string; assert: (ev: ParsedEvent) => void }> = [
  {
    // go-syslog takes a TAG only when `:` or `[` follows it. RFC 3164 §4.1.3 ends the TAG at the
    // first non-alphanumeric character, a space included, and rsyslog (pmrfc3164) and syslog-ng
    // (its legacy program name) read these lines that way too (docs/syslog-variants.md).
    match: (v) => v.input === '<166>Jul  6 20:33:28 ABC-1-234567 Some message here' || v.input === '<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!',
    why: 'a TAG ends at a space, as in RFC 3164 §4.1.3, rsyslog and syslog-ng',
    assert: (ev) => {
      expect(ev.parse_error).toBeNull();
      expect([ev.host, ev.app, ev.message]).toEqual(
        ev.host === 'ABC-1-234567' ? ['ABC-1-234567', 'Some', 'message here'] : ['10.0.0.99', 'Use', 'the BFG!'],
      );
    },
  },
  {
    // go-syslog reports message_counter 0 for the bare `: ` Cisco emits when both counters are
    // off. Nothing was counted, so we add no field rather than invent a 0.
    match: (v) => v.input.startsWith('<189>: Mar 12 07:10:10:'),
    why: 'no counter field for an empty Cisco counter',
    assert: (ev) => {
      expect(ev.fields).toEqual({});
      expect(ev.app).toBe('%SYS-5-CONFIG_I');
      expect(ev.message).toBe('Configured from console by console');
      expect(ev.time).toBe('2026-03-12T07:10:10.000000Z');
    },
  },
  {
    // These three are errors only because go-syslog was told to NOT expect Cisco components
    // that are there. logsift has no such switches: it recognises them when present.
    match: (v) => v.options.cisco_ios_components !== undefined && v.options.cisco_ios_components !== 'All',
    why: 'Cisco components are always recognised (no disable options)',
    assert: (ev) => {
      expect(ev.parse_error).toBeNull();
      expect(ev.facility_received).toBe(23);
      expect(ev.severity_received).toBe(5);
      expect(ev.fields.message_counter).toBe('269614');
      expect(ev.fields.sequence).toBe('000104');
      expect(ev.app).toBe('%LINEPROTO-5-UPDOWN');
      expect(ev.time).toBe('2026-04-11T10:02:08.000000Z');
      expect(ev.message).toBe('Line protocol on Interface GigabitEthernet7/0/34, changed state to up');
    },
  },
  {
    // go-syslog needs an option to accept a line without PRI; logsift always does (the detector
    // sends PRI-less lines here only when they start with a syslog timestamp).
    match: (v) => v.source.includes('TestOptionalPriorityIsDisabledByDefault'),
    why: 'PRI is always optional',
    assert: (ev) => {
      expect(ev.parse_error).toBeNull();
      expect(ev.facility_received).toBeNull();
      expect(ev.host).toBe('mymachine');
      expect(ev.app).toBe('su');
    },
  },
  {
    // go-syslog fails on `-` as hostname. A relay must accept anything (RFC 3164 §4.3); we read
    // `-` as "no hostname" (the NILVALUE of RFC 5424) and keep the line without an error.
    match: (v) => v.input === '<13>Dec  2 16:31:03 -',
    why: '`-` hostname is null, no error',
    assert: (ev) => {
      expect(ev.parse_error).toBeNull();
      expect(ev.host).toBeNull();
      expect(ev.message).toBe('');
      expect(ev.time).toBe('2026-12-02T16:31:03.000000Z');
    },
  },
];

describe('go-syslog RFC 3164 vectors', () => {
  const all = [...GO_VECTORS, ...LEODIDO_VECTORS];

  it('uses every vector (15 influxdata + 17 leodido)', () => {
    expect(GO_VECTORS.length).toBe(15);
    expect(LEODIDO_VECTORS.length).toBe(17);
  });

  it('agrees field by field on all but the deliberate differences', () => {
    let agreeing = 0;
    let deliberate = 0;
    const failures: string[] = [];
    for (const v of all) {
      const ev = parse(v.input, vectorCtx(v));
      const rule = DELIBERATE.find((d) => d.match(v));
      if (rule) {
        rule.assert(ev);
        deliberate++;
        continue;
      }
      expect(v.expected, `vector without expectation and no rule: ${v.input}`).not.toBeNull();
      const diff = disagreements(v, ev);
      if (diff.length === 0) agreeing++;
      else failures.push(`${v.input}\n    ${diff.join('\n    ')}`);
    }
    expect(failures).toEqual([]);
    expect(agreeing).toBe(24);
    expect(deliberate).toBe(8);
  });

  it('keeps the Cisco counters as fields, as sent', () => {
    const ev = parse('<189>105: 000104: Mar 12 07:12:10: %SYS-5-CONFIG_I: Configured from console by console');
    expect(ev.fields).toEqual({ message_counter: '105', sequence: '000104' });
  });
});

describe('RFC 3164 §5.4 examples', () => {
  it('has the 5 examples', () => expect(SPEC_3164.length).toBe(5));

  it('matches what the RFC states for the conformant ones (1, 2 and 4 as relayed)', () => {
    const conformant = SPEC_3164.filter((e) => e.rfc_stated.timestamp !== undefined);
    expect(conformant.length).toBe(3);
    for (const ex of conformant) {
      const ev = parse(ex.input);
      const s = ex.rfc_stated;
      expect(ev.facility_received, ex.rfc).toBe(s.facility);
      expect(ev.severity_received, ex.rfc).toBe(s.severity);
      expect(ev.host, ex.rfc).toBe(s.hostname);
      if (ex.rfc.includes('Example 2')) {
        // The example's prose calls `Use the BFG!` all CONTENT, but the grammar of §4.1.3 (the
        // TAG ends at the first non-alphanumeric character), rsyslog and syslog-ng make `Use` the
        // TAG: logsift follows the grammar and the two relays (docs/syslog-variants.md).
        expect([ev.app, ev.message], ex.rfc).toEqual(['Use', 'the BFG!']);
      } else {
        expect(ev.app, ex.rfc).toBe(s.tag ?? null);
        expect(ev.message, ex.rfc).toBe(s.content);
      }
      const stamp = DateTime.fromFormat(s.timestamp!.replace(/ +/g, ' '), 'MMM d HH:mm:ss', { zone: 'UTC' }).set({ year: 2026 });
      expect(ev.time, ex.rfc).toBe(stamp.toFormat("yyyy-MM-dd'T'HH:mm:ss'.000000Z'"));
      expect(ev.parse_error).toBeNull();
    }
  });

  it('reads example 3 as the `date`-style stamp it is (deliberately not like a relay)', () => {
    // The RFC notes a relay would take `CST` for the HOSTNAME (go-syslog v3 does). `CST 1987`
    // is the zone and year `date` prints; reading them keeps hostname and TAG right.
    const ex = SPEC_3164.find((e) => e.rfc.includes('Example 3'))!;
    const ev = parse(ex.input);
    expect(ev.facility_received).toBe(ex.rfc_stated.facility);
    expect(ev.severity_received).toBe(ex.rfc_stated.severity);
    expect(ev.time).toBe('1987-08-24T11:34:00.000000Z'); // CST = UTC-6 (RFC 5322) for a UTC host
    expect(ev.host).toBe('mymachine');
    expect(ev.app).toBe('myproc');
    expect(ev.procid).toBe('10');
    expect(ev.message.startsWith("%% It's time to make the do-nuts.")).toBe(true);
  });

  it('keeps the non-conformant example 4 whole as content, as RFC 3164 §4.3.2 says', () => {
    const ex = SPEC_3164.find((e) => e.rfc.includes('Example 4 (original'))!;
    const ev = parse(ex.input);
    expect(ev.facility_received).toBe(0);
    expect(ev.severity_received).toBe(0);
    expect(ev.time).toBeNull();
    expect(ev.host).toBeNull();
    expect(ev.message).toBe(ex.input.slice('<0>'.length));
    expect(ev.parse_error).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Real senders' documented formats
// ---------------------------------------------------------------------------------------------

describe('rsyslog RFC 3339 timestamps (RSYSLOG_ForwardFormat / RSYSLOG_FileFormat)', () => {
  it('reads offset, microseconds, hostname, tag and pid', () => {
    const ev = parse('<30>2026-11-26T01:02:03.123456+01:00 web-1 nginx[812]: GET / 200');
    expect(ev.time).toBe('2026-11-26T00:02:03.123456Z');
    expect([ev.host, ev.app, ev.procid, ev.message]).toEqual(['web-1', 'nginx', '812', 'GET / 200']);
  });

  it('reads a file line without PRI, Z and compact offsets, and no offset as host zone', () => {
    expect(parse('2026-11-26T01:02:03.5Z db-1 postgres[7]: ready').time).toBe('2026-11-26T01:02:03.500000Z');
    expect(parse('<13>2026-11-26T10:02:03+0530 in-1 app: x').time).toBe('2026-11-26T04:32:03.000000Z');
    const local = parse('<13>2026-07-01T12:00:00 web-1 app: x', ctxFor('Europe/Berlin'));
    expect(local.time).toBe('2026-07-01T10:00:00.000000Z');
  });

  it('truncates fractions beyond microseconds', () => {
    expect(parse('<13>2026-11-26T01:02:03.123456789Z h a: m').time).toBe('2026-11-26T01:02:03.123456Z');
  });

  it('is recognised by looksLikeRfc3164 only with a syslog header after it', () => {
    expect(looksLikeRfc3164(Buffer.from('2026-11-26T01:02:03.123456+01:00 web-1 sshd[1]: Accepted'))).toBe(true);
    expect(looksLikeRfc3164(Buffer.from('2026-11-26T01:02:03Z sshd[1]: Accepted'))).toBe(true);
    expect(looksLikeRfc3164(Buffer.from('2026-11-26T01:02:03Z INFO starting server on :8080'))).toBe(false);
  });
});

describe('OpenBSD and local senders without hostname', () => {
  it('takes a first token with [pid] or a trailing colon as the TAG', () => {
    const a = parse('<38>Nov 26 10:00:00 sshd[4242]: Accepted publickey for root');
    expect([a.host, a.app, a.procid, a.message]).toEqual([null, 'sshd', '4242', 'Accepted publickey for root']);
    const b = parse('<13>Nov 26 10:00:00 logger: hello');
    expect([b.host, b.app, b.message]).toEqual([null, 'logger', 'hello']);
  });

  it('reads `tag[pid] msg` without a colon', () => {
    const ev = parse('<13>Nov 26 10:00:00 host app[12] started');
    expect([ev.host, ev.app, ev.procid, ev.message]).toEqual(['host', 'app', '12', 'started']);
  });

  it('takes an IPv6 hostname as a hostname despite its colons', () => {
    const ev = parse('<13>Nov 26 10:00:00 2001:db8::1 sshd[1]: x');
    expect([ev.host, ev.app]).toEqual(['2001:db8::1', 'sshd']);
  });

  it('reads kernel lines with tag `kernel`', () => {
    const ev = parse('<4>Nov 26 10:00:00 node-1 kernel: [ 1234.567890] Out of memory: Killed process 42 (java)');
    expect([ev.app, ev.procid, ev.message]).toEqual(['kernel', null, '[ 1234.567890] Out of memory: Killed process 42 (java)']);
  });
});

describe('Cisco IOS', () => {
  it('reads sequence number, unsynchronised clock marker, milliseconds', () => {
    const ev = parse('000123: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured from console by vty0');
    expect(ev.fields).toEqual({ message_counter: '000123' });
    expect(ev.time).toBe('2026-03-01T18:46:11.123000Z');
    expect([ev.host, ev.app, ev.message]).toEqual([null, '%SYS-5-CONFIG_I', 'Configured from console by vty0']);
    expect(looksLikeRfc3164(Buffer.from('000123: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: x'))).toBe(true);
  });

  it('reads `service timestamps log datetime msec year show-timezone`', () => {
    const ev = parse('<189>52: .Mar  1 2024 18:46:11.123 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up', ctxFor('Asia/Tokyo'));
    expect(ev.time).toBe('2024-03-01T18:46:11.123000Z');
    expect(ev.app).toBe('%LINK-3-UPDOWN');
  });

  it('reads a `logging origin-id` hostname before the timestamp, with or without counter', () => {
    for (const line of ['<189>core-sw1: *Mar  1 18:46:11: %SYS-5-RESTART: System restarted', '<189>7: core-sw1: *Mar  1 18:46:11: %SYS-5-RESTART: System restarted']) {
      const ev = parse(line);
      expect([ev.host, ev.app, ev.message, ev.time], line).toEqual(['core-sw1', '%SYS-5-RESTART', 'System restarted', '2026-03-01T18:46:11.000000Z']);
    }
  });

  it('keeps the counter for a line without timestamp when a %MNEMONIC follows', () => {
    const ev = parse('<189>45: %SYS-5-CONFIG_I: Configured from console by console');
    expect(ev.time).toBeNull();
    expect(ev.fields).toEqual({ message_counter: '45' });
    expect(ev.app).toBe('%SYS-5-CONFIG_I');
  });

  it('does not take a number in ordinary text for a counter, nor for a TAG', () => {
    const ev = parse('<13>42: the answer');
    expect(ev.fields).toEqual({});
    expect(ev.app).toBeNull();
    expect(ev.message).toBe('42: the answer');
    expect(parse('<13>Nov 26 10:00:00 host 42: x').message).toBe('42: x');
  });
});

describe('zone words after the time', () => {
  it('reads UTC/GMT exactly, whatever the host zone', () => {
    expect(parse('<13>Nov 26 10:00:00 UTC host app: x', ctxFor('Asia/Shanghai')).time).toBe('2026-11-26T10:00:00.000000Z');
    expect(parse('<13>Nov 26 10:00:00 GMT host app: x').host).toBe('host');
  });

  it('prefers the host zone over an ambiguous abbreviation (CST in China)', () => {
    const china = parse('<13>Nov 26 08:00:00 CST web-cn app: x', ctxFor('Asia/Shanghai'));
    expect(china.time).toBe('2026-11-26T00:00:00.000000Z');
    expect(china.host).toBe('web-cn');
    expect(parse('<13>Nov 26 08:00:00 CST web-us app: x').time).toBe('2026-11-26T14:00:00.000000Z');
  });
});

describe('missing year', () => {
  const at = (line: string, received: string) => parse(line, ctxFor('UTC', received)).time;

  it('puts a December line received in January in the previous year', () => {
    expect(at('<13>Dec 31 23:59:59 h a: m', '2027-01-01T00:00:05Z')).toBe('2026-12-31T23:59:59.000000Z');
  });

  it('puts a January line received on Dec 31 in the next year (sender clock slightly ahead)', () => {
    expect(at('<13>Jan  1 00:00:02 h a: m', '2026-12-31T23:59:58Z')).toBe('2027-01-01T00:00:02.000000Z');
  });

  it('allows a few days of clock skew ahead, but no more', () => {
    expect(at('<13>Mar  4 00:00:00 h a: m', '2026-03-01T00:00:00Z')).toBe('2026-03-04T00:00:00.000000Z');
    // 10 days ahead is not skew: a late or replayed line from last year (deliberately not
    // "closest year", which would put a time in the future).
    expect(at('<13>Mar 11 00:00:00 h a: m', '2026-03-01T00:00:00Z')).toBe('2025-03-11T00:00:00.000000Z');
    expect(at('<13>Oct  1 00:00:00 h a: m', '2026-07-01T00:00:00Z')).toBe('2025-10-01T00:00:00.000000Z');
  });

  it('finds the last leap year for Feb 29', () => {
    expect(at('<13>Feb 29 12:00:00 h a: m', '2027-03-01T00:00:00Z')).toBe('2024-02-29T12:00:00.000000Z');
  });

  it('does the New Year decision in the host zone', () => {
    // 23:30 on Dec 31 in Tokyo is 14:30 UTC on Dec 31.
    const ev = parse('<13>Dec 31 23:30:00 h a: m', ctxFor('Asia/Tokyo', '2026-12-31T14:31:00Z'));
    expect(ev.time).toBe('2026-12-31T14:30:00.000000Z');
  });
});

describe('per-host zones and DST', () => {
  const berlin = (line: string, received = '2026-06-01T00:00:00Z') => parse(line, ctxFor('Europe/Berlin', received)).time;

  it('uses the zone the context names for the host', () => {
    const ctx: ParseContext = {
      receivedTime: RECEIVED,
      timeZoneFor: (host) => (host === 'web-cn' ? 'Asia/Shanghai' : 'UTC'),
    };
    expect(parse('<13>Nov 26 08:00:00 web-cn app: x', ctx).time).toBe('2026-11-26T00:00:00.000000Z');
    expect(parse('<13>Nov 26 08:00:00 web-uk app: x', ctx).time).toBe('2026-11-26T08:00:00.000000Z');
    expect(parse('<13>Nov 26 08:00:00 web-x app: x', ctxFor('UTC+8')).time).toBe('2026-11-26T00:00:00.000000Z');
  });

  it('switches offset at the Europe/Berlin spring change; a time in the gap reads as summer time', () => {
    expect(berlin('<13>Mar 29 01:59:59 h a: m')).toBe('2026-03-29T00:59:59.000000Z');
    expect(berlin('<13>Mar 29 03:00:00 h a: m')).toBe('2026-03-29T01:00:00.000000Z');
    expect(berlin('<13>Mar 29 02:30:00 h a: m')).toBe('2026-03-29T01:30:00.000000Z');
  });

  it('resolves the repeated autumn hour by the receive time', () => {
    expect(berlin('<13>Oct 25 02:30:00 h a: m', '2026-10-25T00:31:00Z')).toBe('2026-10-25T00:30:00.000000Z');
    expect(berlin('<13>Oct 25 02:30:00 h a: m', '2026-10-25T01:31:00Z')).toBe('2026-10-25T01:30:00.000000Z');
    const ny = (received: string) => parse('<13>Nov  1 01:30:00 h a: m', ctxFor('America/New_York', received)).time;
    expect(ny('2026-11-01T05:31:00Z')).toBe('2026-11-01T05:30:00.000000Z');
    expect(ny('2026-11-01T06:31:00Z')).toBe('2026-11-01T06:30:00.000000Z');
  });

  it('maps every wall time back to its instant across DST changes (checked with luxon)', () => {
    // Zones with whole-hour, half-hour (Lord Howe, St John's) and no DST changes.
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kolkata'];
    const windows = ['2026-03-07T00:00:00Z', '2026-03-27T00:00:00Z', '2026-04-04T00:00:00Z', '2026-10-03T00:00:00Z', '2026-10-24T00:00:00Z', '2026-10-31T00:00:00Z'];
    let checked = 0;
    for (const zone of zones) {
      for (const start of windows) {
        for (let k = 0; k < 4 * 24 * 3; k++) {
          const instant = DateTime.fromISO(start, { zone: 'UTC' }).plus({ minutes: 15 * k + 7 });
          const line = '<13>' + instant.setZone(zone).toFormat('LLL dd yyyy HH:mm:ss') + ' h a: m';
          const ev = parse(line, ctxFor(zone, instant.toJSDate()));
          expect(ev.time, `${zone} ${line}`).toBe(instant.toFormat("yyyy-MM-dd'T'HH:mm:ss'.000000Z'"));
          checked++;
        }
      }
    }
    expect(checked).toBe(zones.length * windows.length * 288);
  });
});

describe('lenience and errors', () => {
  it('a PRI without timestamp is content, with a leading tag still read', () => {
    const a = parse('<13>myapp[12]: hello');
    expect([a.time, a.host, a.app, a.procid, a.message, a.parse_error]).toEqual([null, null, 'myapp', '12', 'hello', null]);
    const b = parse('<13>just some text');
    expect([b.app, b.message, b.parse_error]).toEqual([null, 'just some text', null]);
  });

  it('a line with neither PRI nor timestamp is kept whole with a parse_error', () => {
    const ev = parse('hello world');
    expect(ev.parse_error).toMatch(/no PRI and no timestamp/);
    expect(ev.message).toBe('hello world');
    expect(ev.facility_received).toBeNull();
  });

  it('an invalid PRI keeps the whole line, the error and the partial fields', () => {
    for (const line of ['<192>Nov 26 10:00:00 host app[1]: x', '<0013>Nov 26 10:00:00 host app[1]: x']) {
      const ev = parse(line);
      expect(ev.parse_error).toMatch(/invalid PRI/);
      expect(ev.message).toBe(line);
      expect([ev.facility_received, ev.host, ev.app, ev.time]).toEqual([null, 'host', 'app', '2026-11-26T10:00:00.000000Z']);
    }
  });

  it('PRI edge values: 0 and 191 are valid, `<>` and `<1` are not PRIs', () => {
    expect(parse('<0>Nov 26 10:00:00 h a: m').facility_received).toBe(0);
    const top = parse('<191>Nov 26 10:00:00 h a: m');
    expect([top.facility_received, top.severity_received]).toEqual([23, 7]);
    expect(parse('<>Nov 26 10:00:00 h a: m').parse_error).not.toBeNull();
    expect(parse('<1').parse_error).not.toBeNull();
  });

  it('rejects impossible timestamps (they become content)', () => {
    for (const stamp of ['Nov 31 10:00:00', 'Nov 26 24:00:00', 'Nov 26 10:60:00', 'Foo 26 10:00:00', '2026-02-29T10:00:00Z', 'Feb 29 2026 10:00:00']) {
      const ev = parse(`<13>${stamp} h a: m`);
      expect(ev.time, stamp).toBeNull();
      expect(ev.message, stamp).toBe(`${stamp} h a: m`);
    }
  });

  it('strips trailing CR/LF/NUL framing only', () => {
    expect(parse('<13>Nov 26 10:00:00 h a: m  \r\n').message).toBe('m  ');
    expect(parse('<13>Nov 26 10:00:00 h a: m\0').message).toBe('m');
  });

  it('bounds hostname (255) and tag (48)', () => {
    const long = 'h'.repeat(256);
    const a = parse(`<13>Nov 26 10:00:00 ${long} app: x`);
    expect(a.host).toBeNull();
    expect(a.message).toBe(`${long} app: x`);
    expect(parse(`<13>Nov 26 10:00:00 ${'h'.repeat(255)} app: x`).host).toHaveLength(255);
    const tag = 't'.repeat(49);
    expect(parse(`<13>Nov 26 10:00:00 host ${tag}: x`).app).toBeNull();
    expect(parse(`<13>Nov 26 10:00:00 host ${'t'.repeat(48)}: x`).app).toHaveLength(48);
  });

  it('C-escapes a message that is not UTF-8', () => {
    const data = Buffer.concat([Buffer.from('<13>Nov 26 10:00:00 h app: caf'), Buffer.from([0xe9]), Buffer.from(' a\\b')]);
    const ev = parse(data);
    expect(ev.message).toBe('caf\\xe9 a\\\\b');
    expect(ev.message_encoding).toBe('c-escaped');
    expect(ev.app).toBe('app');
    const utf8 = parse('<13>Nov 26 10:00:00 h app: café ✓');
    expect([utf8.message, utf8.message_encoding]).toEqual(['café ✓', null]);
  });
});

describe('looksLikeRfc3164', () => {
  it('accepts PRI-less lines starting with a BSD timestamp', () => {
    for (const line of ['Oct 11 22:14:15 mymachine su: x', 'Oct  1 02:04:05 h a: x', 'Oct 01 2026 02:04:05 h', 'Jan  8 19:46:03.295 host']) {
      expect(looksLikeRfc3164(Buffer.from(line)), line).toBe(true);
    }
  });

  it('rejects other lines', () => {
    for (const line of ['hello', '', '{"MESSAGE":"x"}', 'October 11 22:14:15 x', 'I1126 01:02:03.123456 1 x.go:1] m', '2026/11/26 01:22:49 x']) {
      expect(looksLikeRfc3164(Buffer.from(line)), line).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('properties', () => {
  it('never throws on any bytes, and always builds a record', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      // Bytes behind a plausible header reach the deeper paths.
      fc.tuple(fc.constantFrom('<13>', '<189>12: ', '', '<999>'), fc.constantFrom('Nov 26 10:00:00 ', '2026-11-26T10:00:00Z ', '*Mar  1 2026 18:46:11.1 UTC: ', ''), fc.uint8Array({ maxLength: 200 }))
        .map(([a, b, c]) => Buffer.concat([Buffer.from(a + b), c])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const ev = parse(Buffer.from(b));
        expect(typeof ev.message).toBe('string');
        looksLikeRfc3164(Buffer.from(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('for generated valid lines, every field and the message survive', () => {
    const token = (chars: string, min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });
    const host = token('abcdefghijklmnopqrstuvwxyz0123456789.-', 1, 40).filter((h) => h !== '-');
    const tag = token('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./', 1, 48).filter((t) => /[^0-9]/.test(t));
    const message = fc
      .string({ unit: 'grapheme', maxLength: 200 })
      .filter((m) => !/[\r\n\0]$/.test(m));
    const when = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 191 }), when, host, tag, fc.option(fc.integer({ min: 0, max: 4194304 })), message, (pri, date, h, t, pid, msg) => {
        const d = DateTime.fromJSDate(date, { zone: 'UTC' }).startOf('second');
        const stamp = d.toFormat('LLL') + ' ' + String(d.day).padStart(2, ' ') + d.toFormat(' yyyy HH:mm:ss');
        const line = `<${pri}>${stamp} ${h} ${t}${pid === null ? '' : `[${pid}]`}: ${msg}`;
        const ev = parse(line);
        expect(ev.facility_received).toBe(pri >> 3);
        expect(ev.severity_received).toBe(pri & 7);
        expect(ev.time).toBe(d.toFormat("yyyy-MM-dd'T'HH:mm:ss'.000000Z'"));
        expect(ev.host).toBe(h);
        expect(ev.app).toBe(t);
        expect(ev.procid).toBe(pid === null ? null : String(pid));
        expect(ev.message).toBe(msg);
        expect(ev.parse_error).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
