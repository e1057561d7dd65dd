import { describe, expect, it } from 'vitest';
import { rfc3339Time } from '../../../functions/parse/filebeat.js';
import { parseJournaldJson, parseJournaldObject } from '../../../functions/parse/journald-json.js';
import { eventIdFor } from '../../../functions/pipeline/event-id.js';
import { formatMicros } from '../../../functions/shared/time.js';
import { readCorpus } from '../../support/corpora.js';
import { ctx, jsonLines, record } from './support.js';

const SEED = `{"__CURSOR":"s=78fdc2bf435b4aa6b7df9f50ff1e9c9f;i=662c5390;b=f3260b93a64641889bbf8fed67f4365a;m=2f4d3ea8e9fc;t=5ee329ba40462;x=82eb53b68142dca7","__REALTIME_TIMESTAMP":"1669276010546274","_BOOT_ID":"f3260b93a64641889bbf8fed67f4365a","PRIORITY":"7","SYSLOG_IDENTIFIER":"etcd","_TRANSPORT":"journal","_PID":"840","_COMM":"etcd","_EXE":"/usr/local/bin/etcd","_SYSTEMD_CGROUP":"/system.slice/etcd.service","_SYSTEMD_UNIT":"etcd.service","_SYSTEMD_SLICE":"system.slice","_HOSTNAME":"SVR15178IN5112","PACKAGE":"etcdserver/api/v3rpc","MESSAGE":"start time = 2022-11-24 15:46:50.545251478 +0800 CST m=+51575280.245951347, time spent = 821.324µs, remote = 10.4.241.133:54952, response type = /etcdserverpb.KV/Txn","_SOURCE_REALTIME_TIMESTAMP":"1669276010546119"}`;

const parseObj = (o: Record<string, unknown>) => parseJournaldObject(o, ctx);

describe('journald JSON: the seed etcd entry', () => {
  const ev = parseJournaldJson(Buffer.from(SEED), ctx);

  it('promotes the journal fields as received', () => {
    expect(ev.source_format).toBe('journald');
    expect(ev.transport).toBe('journal');
    expect(ev.app).toBe('etcd');
    expect(ev.unit).toBe('etcd.service');
    expect(ev.host).toBe('SVR15178IN5112');
    expect(ev.procid).toBe('840');
    expect(ev.severity_received).toBe(7);
    expect(ev.facility_received).toBeNull();
    expect(ev.time).toBe('2022-11-24T07:46:50.546119Z');
    expect(ev.message).toMatch(/^start time = 2022-11-24 15:46:50\.545251478 .*response type = \/etcdserverpb\.KV\/Txn$/);
    expect(ev.message_encoding).toBeNull();
    expect(ev.parse_error).toBeNull();
    expect(ev.notes).toEqual([]);
  });

  it('takes its identity from _BOOT_ID and __CURSOR', () => {
    const obj = JSON.parse(SEED) as Record<string, string>;
    expect(ev.identity).toBe(`journald:${obj._BOOT_ID}:${obj.__CURSOR}`);
    expect(record(ev).event_id).toBe(eventIdFor(`journald:${obj._BOOT_ID}:${obj.__CURSOR}`));
  });

  it('keeps every other field once, promoted ones only in their record field', () => {
    const obj = JSON.parse(SEED) as Record<string, string>;
    const promoted = ['MESSAGE', '_HOSTNAME', '_TRANSPORT', 'SYSLOG_IDENTIFIER', 'PRIORITY', '_SYSTEMD_UNIT'];
    const expected = Object.fromEntries(Object.entries(obj).filter(([k]) => !promoted.includes(k)));
    expect(ev.fields).toEqual(expected);
    expect(ev.fields._PID).toBe('840'); // procid fallback source stays visible
    expect(ev.fields.__CURSOR).toBe(obj.__CURSOR);
  });

  it('gives the same event from the parsed object as from the bytes', () => {
    expect(parseObj(JSON.parse(SEED))).toEqual(ev);
  });
});

describe('journald JSON: corner cases captured from journalctl (elastic/beats)', () => {
  const [coredump, pulse] = JSON.parse(readCorpus('journald-beats/corner-cases.json').toString('utf8')) as Record<string, unknown>[];

  it('decodes a byte-array MESSAGE, keeping the carriage return', () => {
    const ev = parseObj(pulse);
    expect(ev.message).toBe('Unable to parse indicator of AT+BIA command: AT+BIA=1,1,0,0,0\rAT+BCS=2');
    expect(ev.message_encoding).toBeNull();
    expect(ev.app).toBe('pulseaudio');
  });

  it('keeps a null (over-threshold) field visible with a note', () => {
    const ev = parseObj(coredump);
    expect(coredump.COREDUMP_PROC_MOUNTINFO).toBeNull();
    expect(ev.fields.COREDUMP_PROC_MOUNTINFO).toBe('');
    expect(ev.notes).toContain('field_over_threshold');
  });

  it('C-escapes a binary field that is not UTF-8 and says so', () => {
    const ev = parseObj(coredump);
    const auxv = coredump.COREDUMP_PROC_AUXV as number[];
    const text = ev.fields.COREDUMP_PROC_AUXV;
    expect(text.startsWith('!\u0000\u0000')).toBe(true); // 33, 0, 0 …
    expect(text).toContain('\\xf5'); // byte 245 can start no UTF-8 sequence
    expect(ev.notes).toContain('field_c_escaped');
    expect(ev.message_encoding).toBeNull(); // MESSAGE itself was text
    // Nothing lost: undoing the escape gives the bytes back.
    expect(unescape(text)).toEqual(Buffer.from(auxv));
  });

  it('keeps the multi-line MESSAGE and systemd-escaped unit names verbatim', () => {
    const ev = parseObj(coredump);
    expect(ev.message).toBe(coredump.MESSAGE);
    expect(ev.message.split('\n').length).toBeGreaterThan(10);
    expect(ev.fields._SYSTEMD_SLICE).toBe('system-systemd\\x2dcoredump.slice');
    expect(ev.unit).toBe('systemd-coredump@0-3732-0.service');
    expect(ev.severity_received).toBe(2);
    expect(ev.time).toBe('2024-07-01T11:44:06.841938Z');
  });

  it('builds schema-valid records for both', () => {
    for (const o of [coredump, pulse]) expect(record(parseObj(o)).parse_error).toBeNull();
  });
});

describe('journald JSON: other renderings', () => {
  it('reads json-pretty with the older " : " spacing', () => {
    const ev = parseJournaldJson(readCorpus('journald-beats/sample-journal-event.json'), ctx);
    expect(ev.parse_error).toBeNull();
    expect(ev.message).toBe('Count: 0000000001');
    expect(ev.app).toBe('TestRestartsJournalctlOnError');
    expect(ev.host).toBe('millennium-falcon');
    expect(ev.transport).toBe('stdout');
    expect(ev.unit).toBe('session-2.scope');
    expect(ev.procid).toBe('235728');
    expect(ev.severity_received).toBe(6);
    expect(ev.facility_received).toBeNull(); // stdout entry with facility 0 omitted: left for the correction stage
    expect(ev.time).toBe('2024-08-19T15:20:55.230058Z'); // no _SOURCE_REALTIME_TIMESTAMP here
    expect(ev.fields.__SEQNUM).toBe('5157297');
  });

  it('reads the faasd line: identifier, text and both timestamps', () => {
    const [vector] = jsonLines('journald-faasd/parse_entry_vector.jsonl') as {
      input_journalctl_json_line: string;
      expected: { name: string; namespace: string; text: string; timestamp: string };
    }[];
    const ev = parseJournaldJson(Buffer.from(vector.input_journalctl_json_line), ctx);
    expect(ev.app).toBe(`${vector.expected.namespace}:${vector.expected.name}`);
    expect(ev.message).toBe(vector.expected.text);
    expect(ev.procid).toBe('2254');
    // faasd reads __REALTIME_TIMESTAMP (2020-03-04T20:31:39.0944Z); logsift prefers the
    // client's _SOURCE_REALTIME_TIMESTAMP, 28 µs earlier, and keeps the other in fields.
    expect(ev.time).toBe('2020-03-04T20:31:39.094372Z');
    expect(ev.fields.__REALTIME_TIMESTAMP).toBe('1583353899094400');
    expect(formatMicros(BigInt(ev.fields.__REALTIME_TIMESTAMP))).toBe('2020-03-04T20:31:39.094400Z');
    expect(rfc3339Time(vector.expected.timestamp)).toBe('2020-03-04T20:31:39.094400Z');
  });

  it('reads the systemd spec example: repeated, binary and null fields', () => {
    const obj = JSON.parse(readCorpus('journald-systemd-spec/spec-json-example.json').toString('utf8'));
    const ev = parseObj(obj);
    expect(ev.message).toBe('Hello World');
    expect(ev.fields._UDEV_DEVNODE).toBe('/dev/waldo');
    expect(JSON.parse(ev.fields._UDEV_DEVLINK)).toEqual(['/dev/alias1', '/dev/alias2']);
    expect(ev.fields.BINARY).toBe('this is a binary value \u0007');
    expect(ev.fields.LARGE).toBe('');
    expect(ev.notes).toEqual(['field_over_threshold']);
    expect(ev.time).toBeNull();
    expect(ev.identity).toBeNull();
  });

  it('reads repeated TAG and a mixed text/binary repeated field from real journalctl', () => {
    const lines = jsonLines('journald-journalctl/synthetic-edge-cases.journalctl.json');
    const tag = parseObj(lines[0]);
    expect(JSON.parse(tag.fields.TAG)).toEqual(['alpha', 'beta', 'gamma']);
    const mixed = parseObj(lines[5]);
    expect(JSON.parse(mixed.fields.MIXED)).toEqual(['plain', '\u0000\u0001\u0002binary']);
    const invalid = parseObj(lines[2]);
    expect(invalid.message).toBe('latin1 caf\\xe9 and raw \\xff\\xfe bytes');
    expect(invalid.message_encoding).toBe('c-escaped');
    const control = parseObj(lines[3]);
    expect(control.message).toBe('\u001b[31mred ansi\u001b[0m with tab\tand bell\u0007');
    expect(control.message_encoding).toBeNull();
  });
});

describe('journald JSON: PRIORITY and SYSLOG_FACILITY as clients send them', () => {
  const base = { MESSAGE: 'x', _TRANSPORT: 'journal' };

  it.each([
    ['7', 7, []],
    ['0', 0, []],
    ['warning', 4, ['priority_from_level_name']],
    ['LOG_ERR', 3, ['priority_from_level_name']],
    [' Err ', 3, ['priority_from_level_name']],
    ['8', null, ['priority_unreadable']],
    ['123456, ', null, ['priority_unreadable']],
    ['', null, ['priority_unreadable']],
    ['constructor', null, ['priority_unreadable']],
  ])('PRIORITY %j -> %j', (raw, expected, notes) => {
    const ev = parseObj({ ...base, PRIORITY: raw });
    expect(ev.severity_received).toBe(expected);
    expect(ev.notes).toEqual(notes);
    // Canonical digits are promoted away; anything else stays visible as received.
    expect(ev.fields.PRIORITY).toBe(notes.length === 0 ? undefined : raw);
  });

  it('keeps a non-canonical number readable but visible', () => {
    const ev = parseObj({ ...base, PRIORITY: '07' });
    expect(ev.severity_received).toBe(7);
    expect(ev.fields.PRIORITY).toBe('07');
  });

  it.each([
    ['10', 10, []],
    ['23', 23, []],
    ['daemon', 3, ['facility_from_name']],
    ['LOG_LOCAL0', 16, ['facility_from_name']],
    ['24', null, ['facility_unreadable']],
    ['junk', null, ['facility_unreadable']],
  ])('SYSLOG_FACILITY %j -> %j', (raw, expected, notes) => {
    const ev = parseObj({ ...base, SYSLOG_FACILITY: raw });
    expect(ev.facility_received).toBe(expected);
    expect(ev.notes).toEqual(notes);
  });

  it('treats what Filebeat reads as 123456 (its conversion vectors) as unreadable', () => {
    const vectors = jsonLines('journald-beats/field_conversion_vectors.jsonl') as {
      name: string;
      journal_fields: Record<string, string>;
    }[];
    const junk = vectors.find((v) => v.journal_fields.PRIORITY !== undefined)!;
    const ev = parseObj({ ...base, ...junk.journal_fields });
    expect(ev.severity_received).toBeNull();
    expect(ev.notes).toContain('priority_unreadable');
    const pidWithUser = vectors.find((v) => v.journal_fields.SYSLOG_PID === '123456,root')!;
    const pidEv = parseObj({ ...base, ...pidWithUser.journal_fields });
    expect(pidEv.procid).toBe('123456,root'); // kept as received; not a number, so pid is null
    expect(record(pidEv).pid).toBeNull();
  });

  it('does not invent a facility the entry does not state', () => {
    for (const transport of ['stdout', 'syslog', 'journal']) {
      expect(parseObj({ ...base, _TRANSPORT: transport, PRIORITY: '6' }).facility_received).toBeNull();
    }
    expect(parseObj({ ...base, _TRANSPORT: 'kernel', PRIORITY: '6', SYSLOG_FACILITY: '0' }).facility_received).toBe(0);
  });
});

describe('journald JSON: decisions where journalctl gives no single answer', () => {
  it('falls back like journalctl: app from _COMM, procid from _PID, unit from _SYSTEMD_USER_UNIT', () => {
    const ev = parseObj({ MESSAGE: 'm', _COMM: 'cat', _PID: '42', _SYSTEMD_USER_UNIT: 'app.service' });
    expect([ev.app, ev.procid, ev.unit]).toEqual(['cat', '42', 'app.service']);
    expect(ev.fields).toEqual({ _COMM: 'cat', _PID: '42', _SYSTEMD_USER_UNIT: 'app.service' });
  });

  it('prefers SYSLOG_PID and _SYSTEMD_UNIT when present', () => {
    const ev = parseObj({ MESSAGE: 'm', SYSLOG_PID: '7', _PID: '42', _SYSTEMD_UNIT: 'user@1000.service', _SYSTEMD_USER_UNIT: 'app.service' });
    expect([ev.procid, ev.unit]).toEqual(['7', 'user@1000.service']);
  });

  it('takes the last value of a repeated MESSAGE and keeps all of them', () => {
    const ev = parseObj({ MESSAGE: ['first', 'second'] });
    expect(ev.message).toBe('second');
    expect(JSON.parse(ev.fields.MESSAGE)).toEqual(['first', 'second']);
  });

  it('marks the message escaped only when the value it took was', () => {
    const clean = parseObj({ MESSAGE: [[0xff], 'ok'] });
    expect([clean.message, clean.message_encoding]).toEqual(['ok', null]);
    expect(JSON.parse(clean.fields.MESSAGE)).toEqual(['\\xff', 'ok']);
    expect(clean.notes).toEqual(['field_c_escaped']);
    const escaped = parseObj({ MESSAGE: ['ok', [0xff]] });
    expect([escaped.message, escaped.message_encoding]).toEqual(['\\xff', 'c-escaped']);
  });

  it('gives an empty message, not a crash, for a null MESSAGE', () => {
    const ev = parseObj({ MESSAGE: null, _HOSTNAME: 'h' });
    expect(ev.message).toBe('');
    expect(ev.fields.MESSAGE).toBe('');
    expect(ev.notes).toEqual(['field_over_threshold']);
  });

  it('falls back to __REALTIME_TIMESTAMP and rejects junk times', () => {
    expect(parseObj({ __REALTIME_TIMESTAMP: '1700000000000001' }).time).toBe('2023-11-14T22:13:20.000001Z');
    expect(parseObj({ _SOURCE_REALTIME_TIMESTAMP: 'soon', __REALTIME_TIMESTAMP: '1700000000000001' }).time).toBe('2023-11-14T22:13:20.000001Z');
    expect(parseObj({ __REALTIME_TIMESTAMP: '99999999999999999999' }).time).toBeNull();
  });

  it('cuts a field over max_field_bytes at a character boundary, with a note', () => {
    const ev = parseJournaldObject({ MESSAGE: 'ok', NOTE: 'ééééé', BYTES: [0x61, 0x62, 0x63, 0x64, 0x65] }, ctx, { max_field_bytes: 4 });
    expect(ev.fields.NOTE).toBe('éé');
    expect(ev.fields.BYTES).toBe('abcd');
    expect(ev.notes).toEqual(['field_truncated']);
  });

  it('bounds fields to the configured 256 KiB by default', () => {
    const ev = parseObj({ MESSAGE: 'x'.repeat(300 * 1024), SMALL: 'y' });
    expect(Buffer.byteLength(ev.message)).toBe(256 * 1024);
    expect(ev.fields.SMALL).toBe('y');
    expect(ev.notes).toEqual(['field_truncated']);
  });

  it('does not take a _HOSTNAME over 255 characters as the host', () => {
    const long = 'h'.repeat(256);
    const ev = parseObj({ MESSAGE: 'm', _HOSTNAME: long });
    expect(ev.host).toBeNull();
    expect(ev.fields._HOSTNAME).toBe(long);
    expect(record(ev).host).toBeNull();
    expect(parseObj({ MESSAGE: 'm', _HOSTNAME: 'h'.repeat(255) }).host).toHaveLength(255);
  });

  it('keeps a "__proto__" key as a field instead of dropping it', () => {
    const ev = parseJournaldJson(Buffer.from('{"MESSAGE":"m","__proto__":"p"}'), ctx);
    expect(Object.keys(ev.fields)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(ev.fields)).toBe(Object.prototype);
    expect(JSON.stringify(ev.fields)).toBe('{"__proto__":"p"}');
  });

  it('reports unreadable JSON with the raw input as message', () => {
    for (const raw of ['{"MESSAGE":', '[1,2]', 'null']) {
      const ev = parseJournaldJson(Buffer.from(raw), ctx);
      expect(ev.parse_error).toMatch(/^journald JSON: /);
      expect(ev.message).toBe(raw);
      expect(record(ev).parse_error).toBe(ev.parse_error);
    }
  });
});

/** Reverses bytesToText's C escaping (test oracle: `\\` -> `\`, `\xNN` -> byte). */
function unescape(s: string): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '\\' && s[i + 1] === '\\') {
      out.push(Buffer.from('\\'));
      i += 2;
    } else if (s[i] === '\\' && s[i + 1] === 'x') {
      out.push(Buffer.from([parseInt(s.slice(i + 2, i + 4), 16)]));
      i += 4;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out.push(Buffer.from(ch));
      i += ch.length;
    }
  }
  return Buffer.concat(out);
}
