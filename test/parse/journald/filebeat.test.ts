import { describe, expect, it } from 'vitest';
import { parseFilebeat, parseFilebeatObject, rfc3339Time } from '../../../functions/parse/filebeat.js';
import { parseJournaldObject } from '../../../functions/parse/journald-json.js';
import { readCorpus } from '../../support/corpora.js';
import { comparable, ctx, jsonLines, record } from './support.js';

const golden = JSON.parse(readCorpus('journald-beats/input-multiline-parser-events.json').toString('utf8')) as {
  Timestamp: string;
  Fields: Record<string, unknown>;
}[];

/** Filebeat's output document for a golden event: `@timestamp` plus its fields. */
function asOutput(e: (typeof golden)[number]): Record<string, unknown> {
  return { '@timestamp': e.Timestamp, ...e.Fields };
}

/** The same document with every nested object flattened into dotted keys. */
function dotted(o: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) dotted(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out[prefix + k] = v;
  }
  return out;
}

describe('Filebeat events', () => {
  it('reads the golden shape, the output document and dotted keys alike', () => {
    for (const e of golden) {
      const a = parseFilebeatObject(e, ctx);
      expect(parseFilebeatObject(asOutput(e), ctx)).toEqual(a);
      expect(parseFilebeatObject(dotted(asOutput(e)), ctx)).toEqual(a);
      expect(parseFilebeat(Buffer.from(JSON.stringify(asOutput(e))), ctx)).toEqual(a);
    }
  });

  it('maps ECS back to the journal fields', () => {
    const ev = parseFilebeatObject(golden[0], ctx);
    expect([ev.host, ev.transport, ev.app, ev.procid, ev.unit]).toEqual(['x-wing', 'syslog', 'sudo', '2084586', 'session-1.scope']);
    expect([ev.facility_received, ev.severity_received]).toEqual([10, 6]);
    expect(ev.time).toBe('2021-11-22T17:10:04.051729Z');
    expect(ev.identity).toBeNull(); // Filebeat dropped __CURSOR
    expect(ev.fields).toMatchObject({
      _MACHINE_ID: 'a6a19d57efcf4bf38705c63217a63ba3',
      _BOOT_ID: 'a05ba5675e444581b00ac5adf4340819',
      _UID: '1000',
      _GID: '0',
      _AUDIT_LOGINUID: '1000',
      _CAP_EFFECTIVE: '1ffffffffff',
      _SYSTEMD_OWNER_UID: '1000',
      SYSLOG_TIMESTAMP: 'Nov 22 18:10:04 ',
    });
    // Derived by Filebeat (process.args, user.id, event.kind …) and not journal fields.
    expect(Object.keys(ev.fields).filter((k) => /^(process|user|event)\./.test(k))).toEqual([]);
  });

  it('uses journald.custom address fields when Filebeat kept them', () => {
    const ev = parseFilebeatObject(
      {
        '@timestamp': '2021-11-22T17:10:04.051Z', // JSON output: milliseconds only
        message: 'm',
        journald: { custom: { realtime_timestamp: '1637601004051729', seqnum: '436695', seqnum_id: 'c358e9ae' } },
      },
      ctx,
    );
    expect(ev.time).toBe('2021-11-22T17:10:04.051729Z');
    expect(ev.fields).toEqual({ __REALTIME_TIMESTAMP: '1637601004051729', __SEQNUM: '436695', __SEQNUM_ID: 'c358e9ae' });
  });

  it('falls back to @timestamp at the precision it has', () => {
    expect(parseFilebeatObject({ '@timestamp': '2021-11-22T17:10:04.051Z', message: 'm' }, ctx).time).toBe('2021-11-22T17:10:04.051000Z');
  });

  it('accepts the field names of older releases', () => {
    const ev = parseFilebeatObject(
      { message: 'm', syslog: { identifier: 'cron', priority: 5, facility: 9, pid: 77 }, systemd: { unit: 'cron.service' } },
      ctx,
    );
    expect([ev.app, ev.severity_received, ev.facility_received, ev.procid, ev.unit]).toEqual(['cron', 5, 9, '77', 'cron.service']);
  });

  it('applies the conversion vectors in reverse where they are reversible', () => {
    const vectors = jsonLines('journald-beats/field_conversion_vectors.jsonl') as {
      name: string;
      journal_fields: Record<string, string>;
      expected_filebeat_fields: Record<string, unknown>;
    }[];
    const byName = Object.fromEntries(vectors.map((v) => [v.name, v]));
    const back = (name: string) => parseFilebeatObject({ message: 'm', ...byName[name].expected_filebeat_fields }, ctx);
    expect(back('field name from fields.go').fields._BOOT_ID).toBe('123456');
    expect(back("'syslog.pid' field without user append").procid).toBe('123456');
    // Lossy in Filebeat: "123456,root" arrived as 123456; 123456 is no priority.
    expect(back("'syslog.pid' field with user append").procid).toBe('123456');
    expect(back("'syslog.priority' field with junk").severity_received).toBeNull();
    expect(back("'syslog.priority' field with junk").notes).toEqual(['priority_unreadable']);
    expect(back('custom field').fields.MY_CUSTOM_FIELD).toBe('value');
  });

  it('decodes byte arrays and repeated values that Filebeat passes through from journalctl', () => {
    const ev = parseFilebeatObject(
      { message: 'm', journald: { custom: { blob: [104, 105, 255], tag: ['a', 'b'], large: null } }, journald_x: 1 },
      ctx,
    );
    expect(ev.fields.BLOB).toBe('hi\\xff');
    expect(ev.fields.TAG).toBe('["a","b"]');
    expect(ev.fields.LARGE).toBe('');
    expect(ev.fields.journald_x).toBe('1'); // unknown keys stay, under their own path
  });

  it('prefers log.source.address (save_remote_hostname) over a host.hostname add_host_metadata may have replaced', () => {
    const ev = parseFilebeatObject({ message: 'm', host: { hostname: 'shipper', name: 'shipper' }, log: { source: { address: 'origin' } } }, ctx);
    expect(ev.host).toBe('origin');
    expect(ev.fields['host.name']).toBe('shipper');
  });

  it('skips the shipper metadata Filebeat adds about itself', () => {
    const ev = parseFilebeatObject(
      { message: 'm', agent: { type: 'filebeat', version: '8.15.0' }, ecs: { version: '8.0.0' }, input: { type: 'journald' }, event: { kind: 'event', created: 'x' } },
      ctx,
    );
    expect(ev.fields).toEqual({});
  });

  it('gives the journalctl JSON record for an event built the way Filebeat builds it', () => {
    // Filebeat's Convert() applied by hand to a journalctl JSON entry from the corpus.
    const [entry] = jsonLines('journald-journalctl/beats-input-multiline-parser.journalctl.json') as Record<string, string>[];
    const event = {
      '@timestamp': '2021-11-22T17:10:04.051729Z',
      message: entry.MESSAGE,
      'log.syslog.appname': entry.SYSLOG_IDENTIFIER,
      'log.syslog.priority': Number(entry.PRIORITY),
      'log.syslog.facility.code': Number(entry.SYSLOG_FACILITY),
      'host.hostname': entry._HOSTNAME,
      'host.id': entry._MACHINE_ID,
      'systemd.transport': entry._TRANSPORT,
      'systemd.unit': entry._SYSTEMD_UNIT,
      'systemd.slice': entry._SYSTEMD_SLICE,
      'systemd.user_slice': entry._SYSTEMD_USER_SLICE,
      'systemd.cgroup': entry._SYSTEMD_CGROUP,
      'systemd.session': entry._SYSTEMD_SESSION,
      'systemd.owner_uid': Number(entry._SYSTEMD_OWNER_UID),
      'systemd.invocation_id': entry._SYSTEMD_INVOCATION_ID,
      'journald.pid': Number(entry._PID),
      'journald.uid': Number(entry._UID),
      'journald.gid': Number(entry._GID),
      'journald.process.name': entry._COMM,
      'journald.process.executable': entry._EXE,
      'journald.process.command_line': entry._CMDLINE,
      'journald.process.capabilities': entry._CAP_EFFECTIVE,
      'journald.audit.login_uid': Number(entry._AUDIT_LOGINUID),
      'journald.audit.session': entry._AUDIT_SESSION,
      'journald.host.boot_id': entry._BOOT_ID,
      'journald.custom.syslog_timestamp': entry.SYSLOG_TIMESTAMP,
      'journald.custom.realtime_timestamp': entry.__REALTIME_TIMESTAMP,
      'process.pid': Number(entry._PID),
      'user.id': entry._UID,
    };
    const f = record(parseFilebeatObject(event, ctx));
    const j = record(parseJournaldObject(entry, ctx));
    const { __CURSOR: _c, __MONOTONIC_TIMESTAMP: _m, _SOURCE_REALTIME_TIMESTAMP: _s, ...kept } = j.fields;
    expect(comparable(f)).toEqual({ ...comparable(j), time: '2021-11-22T17:10:04.051729Z', fields: kept });
  });
});

describe('rfc3339Time', () => {
  it.each([
    ['2021-11-22T12:10:04.051729-05:00', '2021-11-22T17:10:04.051729Z'],
    ['2021-11-22T12:10:29.98149-05:00', '2021-11-22T17:10:29.981490Z'],
    ['2021-11-22T17:10:04Z', '2021-11-22T17:10:04.000000Z'],
    ['2021-11-22T17:10:04.123456789Z', '2021-11-22T17:10:04.123456Z'],
    ['2021-01-01T00:30:00+01:00', '2020-12-31T23:30:00.000000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(rfc3339Time(input)).toBe(expected);
  });

  it.each(['0000-01-01T00:30:00+01:00', '9999-12-31T23:30:00-01:00', '2021-11-22 17:10', '2021-13-01T00:00:00Z', '2021-11-22T17:10:04.Z', '2021-11-22T17:10:04+0100', 'x'.repeat(25)])('rejects %j', (input) => {
    expect(rfc3339Time(input)).toBeNull();
  });
});

describe('Filebeat field-name aliases', () => {
  it('prefers the current ECS name whichever order the keys come in', () => {
    const a = parseFilebeatObject({ message: 'm', 'syslog.identifier': 'old', 'log.syslog.appname': 'new' }, ctx);
    const b = parseFilebeatObject({ message: 'm', 'log.syslog.appname': 'new', 'syslog.identifier': 'old' }, ctx);
    expect([a.app, b.app]).toEqual(['new', 'new']);
    expect(a.fields).toEqual({});
  });

  it('keeps unknown top-level keys and drops derived ones', () => {
    const ev = parseFilebeatObject({ message: 'm', tags: ['forwarded'], process: { pid: 1 }, user: { id: '0' } }, ctx);
    expect(ev.fields).toEqual({ tags: '["forwarded"]' });
  });
});
