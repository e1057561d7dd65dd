import { describe, expect, it } from 'vitest';
import { corpusPath, readCorpus } from '../support/corpora.js';
import { cli } from './run-cli.js';

const RT = ['--received-time', '2026-11-26T02:00:00Z'];

describe('logsift parse: usage and exit status', () => {
  it('--help prints the usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('logsift parse');
    expect(r.stdout).toContain('--framing');
  });

  it.each([
    [['parse', '--format', 'xml'], /--format must be one of/],
    [['parse', '--framing', 'nul'], /--framing must be lines or octet-counted/],
    [['parse', '--bogus'], /Unknown option/],
    [['parse', '--received-time', 'yesterday'], /--received-time is not an RFC 3339 time/],
    [['parse', '--tz', 'Mars/Olympus'], /unknown time zone/],
    [['frobnicate'], /unknown command/],
    [[], /missing command/],
  ])('usage error %j exits 2 with one line on stderr', async (argv, message) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unreadable input exits 1 before writing anything', async () => {
    const r = await cli(['parse', corpusPath('syslog-go-syslog/README.txt'), '/nonexistent/file.log']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^logsift: cannot read \/nonexistent\/file\.log: ENOENT\n$/);
  });
});

describe('logsift parse: records', () => {
  it('reads stdin, keeps input order, and exits 0 even when events carry parse_error', async () => {
    const input = [
      '<34>1 2026-11-26T01:00:00Z host-a su - ID47 - first',
      '<34>1 2026-13-45T01:00:00Z host-a su - ID47 - second is invalid',
      'third is plain text',
      '<13>Nov 26 01:00:03 host-b app[7]: fourth',
    ].join('\n');
    const r = await cli(['parse', ...RT, '-'], input);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => [l.source_format, l.parse_error === null])).toEqual([
      ['rfc5424', true],
      ['rfc5424', false],
      ['plain', true],
      ['rfc3164', true],
    ]);
    expect(r.lines[1].message).toBe('<34>1 2026-13-45T01:00:00Z host-a su - ID47 - second is invalid');
    expect(r.lines[3].time).toBe('2026-11-26T01:00:03.000000Z');
    expect(new Set(r.lines.map((l) => l.received_time))).toEqual(new Set(['2026-11-26T02:00:00.000000Z']));
  });

  it('gives the same event_ids on every run of the same input', async () => {
    const input = readCorpus('journald-journalctl/beats-input-multiline-parser.journalctl.json');
    const a = await cli(['parse', '-'], input);
    const b = await cli(['parse', '-'], input);
    expect(a.lines.map((l) => l.event_id)).toEqual(b.lines.map((l) => l.event_id));
    expect(new Set(a.lines.map((l) => l.event_id)).size).toBe(a.lines.length);
  });

  it.each([
    ['journald-beats/corner-cases.json', 2, 'journald'],
    ['journald-beats/sample-journal-event.json', 1, 'journald'],
    ['journald-beats/input-multiline-parser.export', 8, 'journal_export'],
    ['journald-journalctl/synthetic-edge-cases.export', 7, 'journal_export'],
    ['journald-journalctl/synthetic-edge-cases.journalctl.json', 7, 'journald'],
    ['journald-systemd-spec/spec-two-entries.export', 2, 'journal_export'],
    ['journald-beats/input-multiline-parser-events.json', 8, 'filebeat'],
  ])('auto-detects %s: %i %s records', async (file, count, format) => {
    const r = await cli(['parse', ...RT, corpusPath(file)]);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(count);
    for (const l of r.lines) {
      expect(l.source_format).toBe(format);
      expect(l.parse_error).toBeNull();
    }
  });

  it('reads RFC 6587 octet-counted frames, whose messages may hold newlines', async () => {
    const msgs = ['<13>1 2026-11-26T01:00:00Z h app - - - line one\nline two', '<14>1 2026-11-26T01:00:01Z h app - - - second'];
    const framed = msgs.map((m) => `${Buffer.byteLength(m)} ${m}`).join('');
    const r = await cli(['parse', '--framing', 'octet-counted', '-'], framed);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.message)).toEqual(['line one\nline two', 'second']);
  });

  it('--format forces a parser, --host fills a missing host, --cluster sets the cluster', async () => {
    const r = await cli(['parse', '--format', 'rfc5424', '--host', 'fallback', '--cluster', 'prod', '-'], '<13>Nov 26 01:00:03 app[7]: not 5424\nplain words');
    expect(r.lines.map((l) => [l.source_format, l.parse_error !== null, l.host, l.cluster])).toEqual([
      ['rfc5424', true, 'fallback', 'prod'],
      ['rfc5424', true, 'fallback', 'prod'],
    ]);
  });

  it('--tz reads zone-less timestamps in that zone', async () => {
    const r = await cli(['parse', ...RT, '--tz', 'Asia/Shanghai', '-'], '<13>Nov 26 09:00:00 host app: hello');
    expect(r.lines[0].time).toBe('2026-11-26T01:00:00.000000Z');
  });

  it('corrects the seed etcd entry on the command line as in the library', async () => {
    const seed =
      '{"__CURSOR":"s=78fdc2bf435b4aa6b7df9f50ff1e9c9f;i=662c5390;b=f3260b93a64641889bbf8fed67f4365a;m=2f4d3ea8e9fc;t=5ee329ba40462;x=82eb53b68142dca7","__REALTIME_TIMESTAMP":"1669276010546274","_BOOT_ID":"f3260b93a64641889bbf8fed67f4365a","PRIORITY":"7","SYSLOG_IDENTIFIER":"etcd","_TRANSPORT":"journal","_PID":"840","_COMM":"etcd","_EXE":"/usr/local/bin/etcd","_SYSTEMD_CGROUP":"/system.slice/etcd.service","_SYSTEMD_UNIT":"etcd.service","_SYSTEMD_SLICE":"system.slice","_HOSTNAME":"SVR15178IN5112","PACKAGE":"etcdserver/api/v3rpc","MESSAGE":"start time = 2022-11-24 15:46:50.545251478 +0800 CST m=+51575280.245951347, time spent = 821.324µs, remote = 10.4.241.133:54952, response type = /etcdserverpb.KV/Txn","_SOURCE_REALTIME_TIMESTAMP":"1669276010546119"}';
    const r = await cli(['parse', '-'], seed + '\n');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ facility: 3, facility_name: 'daemon', severity: 7, facility_received: null, severity_received: 7, time: '2022-11-24T07:46:50.546119Z' });
    expect(r.lines[0].corrections.length).toBeGreaterThan(0);
  });
});

describe('logsift parse --config', () => {
  it('applies limits.max_field_bytes from the config file to journald fields', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'logsift-config-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ limits: { max_field_bytes: 300 } }));
    const entry = JSON.stringify({ __REALTIME_TIMESTAMP: '1795656000000000', MESSAGE: 'hello', BIG: 'x'.repeat(1000), _TRANSPORT: 'journal' });
    const limited = await cli(['parse', '--config', config, '-'], entry);
    expect(limited.lines[0].fields.BIG).toHaveLength(300);
    expect(limited.lines[0].corrections).toContain('field_truncated');
    const unlimited = await cli(['parse', '-'], entry);
    expect(unlimited.lines[0].fields.BIG).toHaveLength(1000);
  });

  it('rejects a config that breaks the schema, as a usage error', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const config = join(mkdtempSync(join(tmpdir(), 'logsift-config-')), 'bad.json');
    writeFileSync(config, JSON.stringify({ detectors: { etcd: { churn_min_changes: 'four' } } }));
    const r = await cli(['parse', '--config', config, '-'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logsift: invalid config: \/detectors\/etcd\/churn_min_changes must be integer\n$/);
  });
});
