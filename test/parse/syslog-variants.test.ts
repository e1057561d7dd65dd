import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { parseRfc3164 } from '../../functions/parse/rfc3164.js';
import { parseRfc5424 } from '../../functions/parse/rfc5424.js';
import type { FormatOption, ParseContext, ParsedEvent } from '../../functions/parse/types.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';

/**
 * Issue 10 §1: syslog shapes real senders produce, through each parser and through `auto`.
 * Each line is written as its program documents or is observed to write it.
 */

const RECEIVED = new Date('2026-11-26T12:00:00Z');
const ctx: ParseContext = { receivedTime: RECEIVED, timeZoneFor: () => 'UTC' };
let n = 0;

function parsed(line: string | Buffer, format: FormatOption): ParsedEvent {
  const data = typeof line === 'string' ? Buffer.from(line) : line;
  return parseEvent({ data, identity: `variant:${n++}`, receivedTime: RECEIVED }, format, ctx);
}

/** The record the pipeline builds (also schema-checked by test/setup.ts). */
function record(line: string, format: FormatOption = 'auto'): LogRecord {
  const data = Buffer.from(line);
  const raw: RawEvent = { data, identity: `variant:${n++}`, receivedTime: RECEIVED };
  return buildRecord(parseEvent(raw, format, ctx), raw, DEFAULT_CONFIG);
}

/** rsyslogd.c's startup message, as rsyslog writes it through its own RFC 3164 template. */
const RSYSLOG_START =
  '<46>Nov 26 01:00:00 lab144 rsyslogd[1043]: [origin software="rsyslogd" swVersion="8.2102.0" x-pid="123" x-info="https://www.rsyslog.com"] start';
const ORIGIN = { origin: { software: 'rsyslogd', swVersion: '8.2102.0', 'x-pid': '123', 'x-info': 'https://www.rsyslog.com' } };

describe('RFC 5424 structured data after an RFC 3164 TAG (rsyslog, liblogging-stdlog)', () => {
  for (const format of ['rfc3164', 'auto'] as const) {
    it(`parses rsyslog's startup message into structured_data and message (${format})`, () => {
      const ev = parsed(RSYSLOG_START, format);
      expect(ev.source_format).toBe('rfc3164');
      expect([ev.host, ev.app, ev.procid, ev.parse_error]).toEqual(['lab144', 'rsyslogd', '1043', null]);
      expect(ev.structured_data).toEqual(ORIGIN);
      expect(ev.message).toBe('start');
    });
  }

  it('reads the `tag:` form, several elements, escapes, and SD with no message after it', () => {
    const a = parsed('<46>Nov 26 01:00:00 h rsyslogd: [origin software="rsyslogd" swVersion="8.2001.0" x-pid="542" x-info="https://www.rsyslog.com"] rsyslogd was HUPed', 'auto');
    expect([a.app, a.procid, a.message]).toEqual(['rsyslogd', null, 'rsyslogd was HUPed']);
    expect(a.structured_data?.origin?.['x-pid']).toBe('542');
    const b = parsed('<14>Nov 26 01:00:00 h app[7]: [timeQuality tzKnown="1" isSynced="0"][exampleSDID@32473 note="a \\"quoted\\" \\] text"]', 'rfc3164');
    expect(b.structured_data).toEqual({ timeQuality: { tzKnown: '1', isSynced: '0' }, 'exampleSDID@32473': { note: 'a "quoted" ] text' } });
    expect(b.message).toBe('');
    // liblogging-stdlog's default: no hostname, `tag[pid]:` straight after the PRI and timestamp.
    const c = parsed('<13>Nov 26 01:00:00 myprog[99]: [meta sequenceId="5"] hello', 'auto');
    expect([c.host, c.app, c.procid, c.structured_data, c.message]).toEqual([null, 'myprog', '99', { meta: { sequenceId: '5' } }, 'hello']);
  });

  it('keeps SD that is not well-formed in message, with no error', () => {
    const broken = [
      '[origin software="rsyslogd" swVersion="8.2102.0"', // element not closed
      '[origin software=rsyslogd] start', // value not quoted
      '[origin software="a"]start', // no space after the SD
      '[origin software="a"] [origin x="b"] start', // a second element after a space is text, but the first is fine
      '[origin a="1"][origin b="2"] start', // duplicate SD-ID
      '[origin a="x]"] start', // unescaped ]
    ];
    const expectSd = [false, false, false, true, false, false];
    broken.forEach((text, i) => {
      const ev = parsed(`<46>Nov 26 01:00:00 h rsyslogd: ${text}`, 'auto');
      expect(ev.parse_error, text).toBeNull();
      expect(ev.app, text).toBe('rsyslogd');
      if (expectSd[i]) {
        expect(ev.structured_data, text).toEqual({ origin: { software: 'a' } });
        expect(ev.message, text).toBe('[origin x="b"] start');
      } else {
        expect(ev.structured_data, text).toBeNull();
        expect(ev.message, text).toBe(text);
      }
    });
  });

  it('does not take bracketed words that are not SD-IDs (log levels, kernel times, thread names) for structured data', () => {
    for (const text of ['[INFO] server started', '[ 1234.567890] usb 1-1: new device', '[12345.678901] eth0: link up', '[main] ready', '[worker-1 id="3"] x']) {
      const ev = parsed(`<14>Nov 26 01:00:00 h app: ${text}`, 'auto');
      expect(ev.structured_data, text).toBeNull();
      expect(ev.message, text).toBe(text);
    }
  });

  it('reads SD only right after the TAG, not later in the message nor without a TAG', () => {
    const later = parsed('<14>Nov 26 01:00:00 h app: note [origin software="x"] y', 'rfc3164');
    expect([later.structured_data, later.message]).toEqual([null, 'note [origin software="x"] y']);
    const noTag = parsed('<14>Nov 26 01:00:00 h [origin software="x"] y', 'rfc3164');
    expect(noTag.structured_data).toBeNull();
  });

  it('puts the SD in the record as structured_data', () => {
    const r = record(RSYSLOG_START);
    expect(r.structured_data).toEqual(ORIGIN);
    expect([r.message, r.app, r.pid, r.facility_name, r.severity_name]).toEqual(['start', 'rsyslogd', 1043, 'syslog', 'info']);
  });
});

describe('`tag[pid]:` directly followed by the message', () => {
  for (const format of ['rfc3164', 'auto'] as const) {
    it(`reads cron[123]:job started (${format})`, () => {
      const ev = parsed('<78>Nov 26 01:00:00 host cron[123]:job started', format);
      expect([ev.host, ev.app, ev.procid, ev.message, ev.parse_error]).toEqual(['host', 'cron', '123', 'job started', null]);
    });
  }

  it('also without hostname, without PRI, and with nothing after the colon', () => {
    const a = parsed('Nov 26 01:00:00 cron[123]:job started', 'auto');
    expect([a.source_format, a.host, a.app, a.procid, a.message]).toEqual(['rfc3164', null, 'cron', '123', 'job started']);
    const b = parsed('<78>Nov 26 01:00:00 host cron[123]:', 'rfc3164');
    expect([b.app, b.procid, b.message]).toEqual(['cron', '123', '']);
  });

  it('still needs the colon or a space after `]`: `app[1]x` is no TAG', () => {
    const ev = parsed('<13>Nov 26 01:00:00 host app[1]x rest', 'rfc3164');
    expect([ev.app, ev.message]).toEqual([null, 'app[1]x rest']);
  });

  it('does not split `tag:msg` (no pid): a colon inside a word is not a TAG end', () => {
    const ev = parsed('<13>Nov 26 01:00:00 host key:value rest', 'rfc3164');
    expect([ev.app, ev.message]).toEqual([null, 'key:value rest']);
  });
});

describe('where the RFC 3164 TAG ends (§4.1.3: `[`, `:` or a space; rsyslog, syslog-ng)', () => {
  for (const format of ['rfc3164', 'auto'] as const) {
    it(`\`host tag message\` has app \`tag\` (${format})`, () => {
      const ev = parsed('<13>Nov 26 01:00:00 web-1 backup nightly run started', format);
      expect([ev.host, ev.app, ev.procid, ev.message, ev.parse_error]).toEqual(['web-1', 'backup', null, 'nightly run started', null]);
    });

    it(`\`rsyslogd:  [origin …]\` with two spaces still gets its structured data (${format})`, () => {
      const ev = parsed('<46>Nov 26 01:00:00 lab144 rsyslogd:  [origin software="rsyslogd" swVersion="8.2102.0" x-pid="123" x-info="https://www.rsyslog.com"] start', format);
      expect([ev.host, ev.app, ev.structured_data, ev.message]).toEqual(['lab144', 'rsyslogd', ORIGIN, 'start']);
    });

    it(`\`Mar 7 2008 19:06:53: example tag: msg\` has host \`example\` and app \`tag\` (${format})`, () => {
      const ev = parsed('<13>Mar 7 2008 19:06:53: example tag: msg', format);
      expect([ev.host, ev.app, ev.message, ev.time]).toEqual(['example', 'tag', 'msg', '2008-03-07T19:06:53.000000Z']);
    });
  }

  it('a TAG ended by a space must look like a program name; a PRI-only line still needs `tag:` or `tag[pid]`', () => {
    expect(parsed('<13>Nov 26 01:00:00 web-1 (backup) run started', 'rfc3164').app).toBeNull();
    expect(parsed('<13>Nov 26 01:00:00 web-1 42 run started', 'rfc3164').app).toBeNull();
    expect(parsed('<13>Nov 26 01:00:00 web-1 kube-proxy_v2 up', 'rfc3164').app).toBe('kube-proxy_v2');
    expect(parsed('<13>Nov 26 01:00:00 web-1 überwachung läuft', 'rfc3164').app).toBe('überwachung');
    const noStamp = parsed('<13>just some text', 'rfc3164');
    expect([noStamp.app, noStamp.message]).toEqual([null, 'just some text']);
  });

  it('Cisco mnemonics after `TIMESTAMP:` stay TAGs, with no hostname', () => {
    const ev = parsed('<189>*Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured from console', 'rfc3164');
    expect([ev.host, ev.app, ev.message]).toEqual([null, '%SYS-5-CONFIG_I', 'Configured from console']);
  });

  it('a line that is only an ISO time and words is still not taken for RFC 3164 by auto', () => {
    expect(parsed('2026-11-26T01:00:00Z web-1 backup started', 'auto').source_format).not.toBe('rfc3164');
  });
});

describe('UTF-8 hostnames and tags in RFC 3164', () => {
  for (const format of ['rfc3164', 'auto'] as const) {
    it(`reads non-ASCII letters in hostname and tag (${format})`, () => {
      const ev = parsed('<13>Nov 26 01:00:00 münchen-01 überwachung[42]: Prüfung gestartet', format);
      expect([ev.host, ev.app, ev.procid, ev.message, ev.parse_error]).toEqual(['münchen-01', 'überwachung', '42', 'Prüfung gestartet', null]);
    });
  }

  it('reads CJK and Cyrillic tags, with and without hostname, and in PRI-less lines', () => {
    const a = parsed('<13>Nov 26 01:00:00 сервер 日志服务: 启动', 'auto');
    expect([a.host, a.app, a.message]).toEqual(['сервер', '日志服务', '启动']);
    const b = parsed('Nov 26 01:00:00 журнал[7]: запуск', 'auto');
    expect([b.source_format, b.host, b.app, b.procid, b.message]).toEqual(['rfc3164', null, 'журнал', '7', 'запуск']);
  });

  it('a token with bytes that are not UTF-8, or with invisible characters, is not a hostname or tag', () => {
    const latin1 = Buffer.concat([Buffer.from('<13>Nov 26 01:00:00 h caf'), Buffer.from([0xe9]), Buffer.from(': x')]);
    const a = parsed(latin1, 'rfc3164');
    expect([a.host, a.app, a.message, a.message_encoding]).toEqual(['h', null, 'caf\\xe9: x', 'c-escaped']);
    // U+00A0 NO-BREAK SPACE and U+200B ZERO WIDTH SPACE are not parts of a name.
    for (const odd of ['ho\u00a0st', 'ho\u200bst']) {
      const ev = parsed(`<13>Nov 26 01:00:00 ${odd} app: x`, 'rfc3164');
      expect(ev.host, odd).toBeNull();
      expect(ev.message, odd).toBe(`${odd} app: x`);
    }
  });

  it('bounds a UTF-8 tag by bytes (48)', () => {
    const ok = 'ü'.repeat(24); // 48 bytes
    expect(parsed(`<13>Nov 26 01:00:00 h ${ok}: x`, 'rfc3164').app).toBe(ok);
    expect(parsed(`<13>Nov 26 01:00:00 h ${ok}a: x`, 'rfc3164').app).toBeNull();
  });
});

describe('RFC 5424 lines whose PRI a relay stripped', () => {
  const JUNOS = '1 2026-11-26T01:00:00.250+01:00 router rpd 1234 - - bgp peer down';

  it('is recognized in auto as RFC 5424 and read field by field', () => {
    const ev = parsed(JUNOS, 'auto');
    expect(ev.source_format).toBe('rfc5424');
    expect(ev.parse_error).toBeNull();
    expect([ev.version, ev.time, ev.host, ev.app, ev.procid, ev.msgid, ev.structured_data, ev.message]).toEqual([
      1, '2026-11-26T00:00:00.250000Z', 'router', 'rpd', '1234', null, null, 'bgp peer down',
    ]);
    expect([ev.facility_received, ev.severity_received]).toEqual([null, null]);
  });

  it('gets the RFC 3164 no-PRI default (user.notice) and its correction note, as RFC 3164 lines do', () => {
    const r = record(JUNOS);
    expect([r.facility_name, r.severity_name, r.facility_received, r.severity_received]).toEqual(['user', 'notice', null, null]);
    expect(r.corrections).toEqual(['pri_missing_rfc3164_default']);
    const bsd = record('Nov 26 01:00:00 router rpd[1234]: bgp peer down');
    expect([bsd.facility_name, bsd.severity_name, bsd.corrections]).toEqual([r.facility_name, r.severity_name, r.corrections]);
  });

  it('keeps structured data and reads it strictly: malformed SD is a parse_error with the raw line', () => {
    const ok = parsed('1 2026-11-26T01:00:00Z host app - ID47 [exampleSDID@32473 iut="3"] msg', 'auto');
    expect([ok.parse_error, ok.structured_data, ok.message]).toEqual([null, { 'exampleSDID@32473': { iut: '3' } }, 'msg']);
    const bad = '1 2026-11-26T01:00:00Z host app - ID47 [exampleSDID@32473 iut=3] msg';
    const ev = parsed(bad, 'auto');
    expect(ev.source_format).toBe('rfc5424');
    expect(ev.parse_error).toMatch(/^expecting '"' to open the PARAM-VALUE/);
    expect(ev.message).toBe(bad);
  });

  it('is not guessed from lines that only start with a number', () => {
    for (const line of ['1 apple and 2 pears', '12 2026 was a year', '1 - host app - - - msg', '0 2026-11-26T01:00:00Z h a - - - m', '1234 2026-11-26T01:00:00Z h a - - - m', '2026-11-26T01:00:00Z host app: x']) {
      expect(parsed(line, 'auto').source_format, line).not.toBe('rfc5424');
    }
  });

  it('forced --format rfc5424 stays strict: the PRI is required', () => {
    const ev = parseRfc5424(Buffer.from(JUNOS), ctx);
    expect(ev.parse_error).toBe("expecting '<' to open the PRI, found '1' [col 0]");
    expect(ev.message).toBe(JUNOS);
  });
});

describe('strict RFC 5424 stays strict', () => {
  it('malformed structured data after a PRI gives parse_error, the raw line, and the fields read before it', () => {
    for (const line of [
      '<165>1 2026-11-26T01:00:00Z host app - ID47 [exampleSDID@32473 iut="3"',
      '<165>1 2026-11-26T01:00:00Z host app - ID47 [origin a="x]"] msg',
      '<165>1 2026-11-26T01:00:00Z host app - ID47 [INFO]msg',
    ]) {
      for (const format of ['rfc5424', 'auto'] as const) {
        const ev = parsed(line, format);
        expect(ev.source_format, line).toBe('rfc5424');
        expect(ev.parse_error, line).not.toBeNull();
        expect(ev.message, line).toBe(line);
        expect([ev.host, ev.app, ev.msgid], line).toEqual(['host', 'app', 'ID47']);
      }
    }
  });

  it('RFC 3164 lenience does not leak into RFC 5424: the same text after a 5424 header with a broken SD is an error', () => {
    const ev = parseRfc3164(Buffer.from('<46>Nov 26 01:00:00 h rsyslogd: [origin software="rsyslogd"'), ctx);
    expect(ev.parse_error).toBeNull();
    const strict = parsed('<46>1 2026-11-26T01:00:00Z h rsyslogd - - [origin software="rsyslogd"', 'auto');
    expect(strict.parse_error).not.toBeNull();
  });
});
