import { describe, expect, it } from 'vitest';
import { LEVEL_SCAN_LIMIT, findMessageLevel } from '../../functions/normalize/message-level.js';
import { decide, event, sessionEntry, syslogLine, systemServiceEntry, toRecord } from './events.js';

const level = (m: string): [number, string] | null => {
  const found = findMessageLevel(m);
  return found === null ? null : [found.severity, found.form];
};

describe('findMessageLevel: each form', () => {
  it('klog/glog header', () => {
    expect(level('E0527 12:00:00.123456    1234 server.go:42] failed to sync')).toEqual([3, 'klog']);
    expect(level('W1231 23:59:59.000001 1 x.go:1] slow')).toEqual([4, 'klog']);
    expect(level('I0101 00:00:00.000000 1 x.go:1] ok')).toEqual([6, 'klog']);
    expect(level('F0527 12:00:00.123456 1 x.go:1] boom')).toEqual([2, 'klog']);
    expect(level('E0527 12:00')).toBeNull();
    expect(level('X0527 12:00:00.123456 1 x.go:1] ?')).toBeNull();
    expect(level('E527 12:00:00.123456 1 x.go:1] ?')).toBeNull();
  });

  it('capnslog', () => {
    expect(level('2018-12-18 18:38:55.202466 W | etcdserver: read-only range request took too long')).toEqual([4, 'capnslog']);
    const letters: Array<[string, number]> = [['C', 2], ['E', 3], ['W', 4], ['N', 5], ['I', 6], ['D', 7], ['T', 7]];
    for (const [letter, severity] of letters) {
      expect(level(`2026-11-26 01:22:48.745431 ${letter} | etcdmain: x`)).toEqual([severity, 'capnslog']);
    }
    expect(level('2026-11-26 01:22:48 E | pkg: no fraction')).toEqual([3, 'capnslog']);
    expect(level('2026-11-26 01:22:48.745431 X | pkg: unknown letter')).toBeNull();
    expect(level('2026-11-26 01:22:48.745431 W pkg: no bar')).toBeNull();
    expect(level('2026-11-26 is a date and E | is not a level')).toBeNull();
  });

  it('JSON (zap, logrus, pino/bunyan numbers)', () => {
    expect(level('{"level":"warn","ts":1669276010.5,"caller":"etcdserver/util.go:166","msg":"apply request took too long"}')).toEqual([4, 'json_level']);
    expect(level('{"level":"error","msg":"x","time":"2022-11-24T15:46:50+08:00"}')).toEqual([3, 'json_level']);
    expect(level('{"level":"warning","msg":"logrus"}')).toEqual([4, 'json_level']);
    expect(level('{"level":"dpanic","msg":"zap"}')).toEqual([2, 'json_level']);
    expect(level('{ "level" : "DEBUG" , "msg": "spaced, upper-case" }')).toEqual([7, 'json_level']);
    expect(level('{"lvl":"eror","msg":"log15 json"}')).toEqual([3, 'json_level']);
    const pino: Array<[number, number]> = [[10, 7], [20, 7], [30, 6], [40, 4], [50, 3], [60, 2]];
    for (const [n, severity] of pino) expect(level(`{"level":${n},"time":1,"msg":"m"}`)).toEqual([severity, 'json_level']);
    expect(level('{"name":"app","hostname":"h","pid":1,"level":50,"msg":"bunyan"}')).toEqual([3, 'json_level']);
    expect(level('{"ts":"x","ctx":{"level":"debug","n":[1,{"a":"}"}]},"level":"error"}')).toEqual([3, 'json_level']);
    expect(level('{"level":35,"msg":"custom pino level"}')).toBeNull();
    expect(level('{"level":"verbose"}')).toBeNull();
    expect(level('{"msg":"the level is error"}')).toBeNull();
    expect(level('{"levels":"error"}')).toBeNull();
    expect(level('{"level":"errorish"}')).toBeNull();
    expect(level('{"level":"error"')).toEqual([3, 'json_level']);
    expect(level('{not json level:"error"}')).toBeNull();
  });

  it('logfmt level= and lvl=', () => {
    expect(level('time="2022-11-24T15:46:50+08:00" level=error msg="dial tcp: timeout"')).toEqual([3, 'logfmt_level']);
    expect(level('level=warning msg=x')).toEqual([4, 'logfmt_level']);
    expect(level('t=2022-11-24T15:46:50+0800 lvl=dbug msg=x')).toEqual([7, 'logfmt_level']);
    expect(level('time=2024-01-01T00:00:00Z level=WARN msg="slog text"')).toEqual([4, 'logfmt_level']);
    expect(level('ts=1 caller=main.go:1 level="info" msg=x')).toEqual([6, 'logfmt_level']);
    expect(level('level=error')).toEqual([3, 'logfmt_level']);
    expect(level('msg="set level=error for x" level=info')).toEqual([6, 'logfmt_level']);
    expect(level('msg="set level=error for x"')).toBeNull();
    expect(level('level=INFO+2 msg=x')).toBeNull();
    expect(level('failed to set level=error for foo')).toBeNull();
  });

  it('sd-daemon <N> prefix', () => {
    expect(level('<3>disk failed')).toEqual([3, 'sd_daemon_prefix']);
    expect(level('<7>debug line')).toEqual([7, 'sd_daemon_prefix']);
    expect(level('<0>x')).toEqual([0, 'sd_daemon_prefix']);
    expect(level('<8>x')).toBeNull();
    expect(level('<30>x')).toBeNull();
    expect(level('<html>')).toBeNull();
  });

  it('Python logging and bare upper-case LEVEL:', () => {
    expect(level('WARNING:root:disk almost full')).toEqual([4, 'python_logging']);
    expect(level('ERROR:app.db:connection lost')).toEqual([3, 'python_logging']);
    expect(level('CRITICAL:root:x')).toEqual([2, 'python_logging']);
    expect(level('INFO:root:x')).toEqual([6, 'python_logging']);
    expect(level('DEBUG:root:x')).toEqual([7, 'python_logging']);
    expect(level('ERROR: something failed')).toEqual([3, 'python_logging']);
    expect(level('Error: mixed case is prose')).toBeNull();
    expect(level('WARN:root:not a Python level name')).toBeNull();
    expect(level('NOTE: ERROR: later')).toBeNull();
  });

  it('[LEVEL] opening the message (etcd prints "[WARNING] Deprecated ...")', () => {
    expect(level("[WARNING] Deprecated '--logger=capnslog' flag is set")).toEqual([4, 'bracket_level']);
    expect(level('[error] x')).toEqual([3, 'bracket_level']);
    expect(level('[1234] x')).toBeNull();
    expect(level('[main] x')).toBeNull();
  });

  it('Go log lines with a level (etcd raft logger, hashicorp logutils)', () => {
    expect(level('raft2026/11/26 01:22:48 INFO: 93f80fcc8513365b became follower at term 0')).toEqual([6, 'go_log_level']);
    expect(level('raft2026/11/26 01:22:48 WARN: x')).toEqual([4, 'go_log_level']);
    expect(level('2026/11/26 01:22:48.123456 ERROR: x')).toEqual([3, 'go_log_level']);
    expect(level('2026/11/26 01:22:48 [ERR] agent: x')).toEqual([3, 'go_log_level']);
    expect(level('2026/11/26 01:22:48 [DEBUG] x')).toEqual([7, 'go_log_level']);
    expect(level('2026/11/26 01:22:48 http: TLS handshake error')).toBeNull();
    expect(level('2026/11/26 01:22:48 NOTALEVEL: x')).toBeNull();
    expect(level('averyveryverylongprefix2026/11/26 01:22:48 INFO: x')).toBeNull();
    expect(level('raft 2026/11/26 01:22:48 INFO: x')).toBeNull();
  });

  it('level words in running text are not levels', () => {
    for (const m of [
      'Connection error: peer reset',
      'error while reading config, retrying',
      'the warning light is on; level=error was seen earlier',
      'retrying after E0527 12:00:00.123456 style header',
      'Failed to start foo.service: WARNING:root:x',
      'user set {"level":"error"} in the request',
      'request 2018-12-18 18:38:55.202466 W | pkg: quoted',
      'Started Session 2 of user root.',
      '',
      '   ',
    ]) {
      expect(level(m), m).toBeNull();
    }
  });

  it('leading blanks are skipped; nothing past the scan limit is read', () => {
    expect(level('  E0527 12:00:00.123456 1 x.go:1] x')).toEqual([3, 'klog']);
    const pad = 'k=v '.repeat(Math.ceil(LEVEL_SCAN_LIMIT / 4));
    expect(level(`${pad}level=error`)).toBeNull();
    expect(level(`{"a":"${'x'.repeat(LEVEL_SCAN_LIMIT)}","level":"error"}`)).toBeNull();
    expect(level(' '.repeat(LEVEL_SCAN_LIMIT) + 'E0527 12:00:00.123456 x')).toBeNull();
  });

  it('reads long and adversarial input without a level (bounded scan)', () => {
    const inputs = [
      '{' + '"a":['.repeat(5000),
      '{"a":"' + '\\"'.repeat(5000),
      'a=' + '"'.repeat(5000),
      'a=b '.repeat(5000),
      '2026-11-26 01:22:48.' + '1'.repeat(10_000),
      'x'.repeat(1_000_000),
    ];
    for (const s of inputs) expect(findMessageLevel(s), s.slice(0, 40)).toBeNull();
  });
});

describe('message level on journald stdout streams (PRIORITY 6/3 whatever the content)', () => {
  const stdout = (message: string, severity: number) =>
    systemServiceEntry('etcd', 'stdout', message, { facility_received: 3, severity_received: severity });

  it('lowers: stderr (3) lines that are info or debug', () => {
    const record = toRecord(stdout('2026-11-26 01:22:48.745431 I | etcdmain: etcd Version: 3.4.23', 3));
    expect([record.severity, record.severity_received, record.corrections]).toEqual([6, 3, ['severity_from_capnslog']]);
    expect(decide(stdout('{"level":"debug","msg":"x"}', 6))).toEqual({
      facility: 3, severity: 7, corrections: ['severity_from_json_level'],
    });
  });

  it('raises: stdout (6) lines that are warnings and errors, in every form', () => {
    const cases: Array<[string, number, string]> = [
      ['E0527 12:00:00.123456 1 x.go:1] failed', 3, 'severity_from_klog'],
      ['2018-12-18 18:38:55.202466 W | etcdserver: slow', 4, 'severity_from_capnslog'],
      ['{"level":"error","msg":"x"}', 3, 'severity_from_json_level'],
      ['{"level":60,"msg":"x"}', 2, 'severity_from_json_level'],
      ['ts=1 level=warn msg=x', 4, 'severity_from_logfmt_level'],
      ['lvl=crit msg=x', 2, 'severity_from_logfmt_level'],
      ['<2>raw sd-daemon prefix', 2, 'severity_from_sd_daemon_prefix'],
      ['WARNING:root:x', 4, 'severity_from_python_logging'],
      ['[ERROR] x', 3, 'severity_from_bracket_level'],
      ['raft2026/11/26 01:22:48 WARN: x', 4, 'severity_from_go_log_level'],
    ];
    for (const [message, severity, reason] of cases) {
      expect(decide(stdout(message, 6)), message).toEqual({ facility: 3, severity, corrections: [reason] });
    }
  });

  it('a message level equal to the received one changes nothing', () => {
    expect(decide(stdout('I0527 12:00:00.123456 1 x.go:1] ok', 6)).corrections).toEqual([]);
  });

  it('a stdout PRIORITY other than 6/3 came from a stripped <N> prefix: raised, never lowered', () => {
    expect(decide(stdout('{"level":"debug"}', 4)).severity).toBe(4);
    expect(decide(stdout('{"level":"error"}', 4))).toEqual({ facility: 3, severity: 3, corrections: ['severity_from_json_level'] });
  });

  it('systemd-cat in a session: facility user from the unit, severity from the message', () => {
    const ev = sessionEntry('myjob', 'stdout', 'ERROR:root:backup failed', { severity_received: 6 });
    expect(decide(ev)).toEqual({
      facility: 1, severity: 3, corrections: ['facility_inferred_unit', 'severity_from_python_logging'],
    });
  });
});

describe('message level on the native journal protocol (PRIORITY set by the sender)', () => {
  const native = (message: string, severity: number, patch = {}) =>
    systemServiceEntry('myapp', 'journal', message, { facility_received: 3, severity_received: severity, ...patch });

  it('never lowers an explicit PRIORITY', () => {
    for (const m of ['I0527 12:00:00.123456 1 x.go:1] ok', '{"level":"debug"}', 'level=info', '<7>x', 'DEBUG:root:x']) {
      expect(decide(native(m, 3)), m).toEqual({ facility: 3, severity: 3, corrections: [] });
    }
  });

  it('raises when the message states a more severe level', () => {
    expect(decide(native('E0527 12:00:00.123456 1 x.go:1] failed', 6))).toEqual({
      facility: 3, severity: 3, corrections: ['severity_from_klog'],
    });
  });

  it('Docker/Podman journald driver entries (CONTAINER_ID, PRIORITY 6/3) are stream defaults: lowered too', () => {
    const ev = native('{"level":"debug","msg":"x"}', 3, { fields: { CONTAINER_ID: 'abc123', CONTAINER_NAME: 'web' } });
    expect(decide(ev).severity).toBe(7);
  });

  it('journald syslog transport (syslog(3) callers) is explicit too', () => {
    const ev = systemServiceEntry('myapp', 'syslog', 'level=debug msg=x', { facility_received: 3, severity_received: 6 });
    expect(decide(ev).severity).toBe(6);
  });

  it('PRIORITY missing: the message level is used before the journald default', () => {
    const ev = systemServiceEntry('myapp', 'journal', 'W0527 12:00:00.123456 1 x.go:1] slow', { facility_received: 3 });
    expect(decide(ev)).toEqual({ facility: 3, severity: 4, corrections: ['severity_from_klog'] });
  });
});

describe('message level on syslog-family lines', () => {
  it('generic severities (err/notice/info, as stdout/stderr forwarding and logger produce) follow the message both ways', () => {
    expect(decide(syslogLine(3 * 8 + 3, 'etcd', '2026-11-26 01:22:48.745431 I | raft: x')).severity).toBe(6);
    expect(decide(syslogLine(1 * 8 + 5, 'myapp', 'level=debug msg=x')).severity).toBe(7);
    expect(decide(syslogLine(3 * 8 + 6, 'etcd', '2026-11-26 01:22:48.745431 E | raft: x'))).toEqual({
      facility: 3, severity: 3, corrections: ['severity_from_capnslog'],
    });
  });

  it('other severities were chosen by the sender: raised only', () => {
    expect(decide(syslogLine(3 * 8 + 4, 'etcd', '2026-11-26 01:22:48.745431 I | raft: x')).severity).toBe(4);
    expect(decide(syslogLine(3 * 8 + 7, 'etcd', '2026-11-26 01:22:48.745431 D | raft: x')).corrections).toEqual([]);
    expect(decide(syslogLine(3 * 8 + 4, 'etcd', 'level=error')).severity).toBe(3);
    expect(decide(syslogLine(3 * 8 + 7, 'etcd', 'level=info')).severity).toBe(6);
  });

  it('no PRI: the message level replaces the RFC 3164 notice default', () => {
    const ev = syslogLine(null, null, '2026-11-26 01:22:48.745431 W | rafthttp: lost the TCP streaming connection', 'plain');
    const record = toRecord(ev);
    expect([record.facility, record.severity, record.corrections]).toEqual([1, 4, ['pri_missing_rfc3164_default', 'severity_from_capnslog']]);
  });

  it('base64 messages (undecodable events) are not read for a level', () => {
    const ev = event('plain', Buffer.from('E0527 12:00:00.123456 x').toString('base64'), { message_encoding: 'base64' });
    expect(decide(ev).severity).toBe(5);
  });
});
