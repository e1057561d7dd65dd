import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli/run-cli.js';

/** What `npm start` (bin/start.js) runs: every log in samples/, with the samples' config and received time. */
const FILES = readdirSync('samples')
  .filter((f) => f.endsWith('.log') || f.endsWith('.journal.json'))
  .sort()
  .map((f) => `samples/${f}`);
const ARGS = ['--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json', ...FILES];

let store: string;
let summary: string;
let findings: any[];
const query = async (sql: string): Promise<any[]> => {
  const r = await cli(['query', '--store', store, '--json', sql]);
  expect(r.stderr).toBe('');
  return r.lines;
};

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), 'logsift-samples-'));
  const run = await cli(['run', '--store', store, ...ARGS]);
  expect(run.code).toBe(0);
  summary = run.stdout;
  findings = (await cli(['findings', '--store', store, '--json'])).lines;
});

describe('the sample logs through logsift run (what npm start shows)', () => {
  it('mix journald JSON, RFC 5424 and RFC 3164', async () => {
    const formats = await query('select distinct source_format from (select source_format from logs union all select source_format from logs_auth) order by 1');
    expect(formats.map((r) => r.source_format)).toEqual(['journald', 'plain', 'rfc3164', 'rfc5424']);
  });

  it('hold the etcd leader churn on prod-eu, with disk I/O and the journald flush on cp-1 as its suspected cause', () => {
    const churn = findings.filter((f) => f.type === 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    expect(churn[0].cluster).toBe('prod-eu');
    expect(churn[0].details.changes).toBe(4);
    expect(churn[0].summary).toMatch(/suspected cause: disk I\/O: slow fdatasync( \(up to [^)]*\))?, journald flush\b.* on hosts cp-1\b/);
    expect(churn[0].details.precursors['cp-1']).toMatchObject({ slow_fdatasync: expect.any(Number), journald_flush: expect.any(Number) });
    expect(findings.filter((f) => f.type === 'etcd_leader_change').map((f) => f.details.term)).toEqual([8, 9, 10, 11]);
    expect(summary).toContain(churn[0].summary);
  });

  it('hold a memcg OOM kill in a pod, with pod UID and container', () => {
    const kills = findings.filter((f) => f.type === 'oom_kill');
    expect(kills).toHaveLength(1);
    expect(kills[0].host).toBe('worker-1');
    expect(kills[0].details).toMatchObject({
      constraint: 'memcg',
      victim_pid: 23817,
      victim_comm: 'java',
      pod_uid: '3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c',
      container_id: '4f9c2d7e1a3b5c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d',
    });
    expect(kills[0].details.reporters).toEqual(expect.arrayContaining(['kernel', 'containerd']));
    expect(summary).toContain('OOM kill on worker-1: process 23817 (java) in pod 3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c');
  });

  it('hold an expired issuing CA, named by openssl verify, with the trust-bundle remediation in the summary', () => {
    const expired = findings.filter((f) => f.type === 'cert_expired');
    const ca = expired.filter((f) => f.details.scope === 'issuer');
    expect(ca).toHaveLength(1);
    expect(ca[0].details.subject).toContain('CN=Example Issuing CA 2');
    expect(ca[0].remediation).toMatch(/^An issuing CA certificate \(depth ≥ 1\) has expired, not the leaf: update the trust bundle/);
    // Go's message does not say which certificate; it is the other cert_expired finding, scope unknown.
    expect(expired.filter((f) => f.details.scope === 'unknown').map((f) => f.details.source)).toEqual(['go-x509']);
    expect(summary).toContain('(an issuing CA in the chain, not the leaf) has expired');
    expect(summary.replaceAll('\n  ', ' ')).toContain(ca[0].remediation);
  });

  it('hold etcd records whose facility is corrected to daemon: missing on the journal, kern from the forwarders; the summary counts both', async () => {
    const rows = await query("select facility_received, facility_name, corrections, count(*) as n from logs where app = 'etcd' group by all order by n desc");
    expect(rows.map((r) => [r.facility_received, r.facility_name, r.corrections])).toEqual([
      [0, 'daemon', ['facility_kern_rerouted_app_list']],
      [null, 'daemon', ['facility_inferred_unit']],
    ]);
    for (const r of rows) expect(summary).toMatch(new RegExp(`${r.corrections[0]} +${r.n}\\n`));
  });

  it('hold malformed lines, kept raw in quarantine and counted, without stopping the run', async () => {
    const q = await query('select source_format, error, raw from quarantine order by source_format');
    // The RFC 5424 line with an impossible time, the PRI out of range, the journald entry cut off mid-line.
    expect(q.map((r) => r.source_format)).toEqual(['journald', 'rfc3164', 'rfc5424']);
    for (const r of q) expect(Buffer.from(r.raw, 'base64').toString()).toMatch(/^[<{]/);
    expect(summary).toContain('Parse errors: 3; quarantined with their raw bytes: 3.');
  });

  it('route auth and authpriv records to logs_auth only', async () => {
    const auth = await query('select facility_name, app from logs_auth order by time');
    expect(auth.map((r) => r.app)).toEqual(['sshd', 'sudo', 'sshd', 'sshd']);
    expect(await query("select count(*) as n from logs where facility_name in ('auth', 'authpriv')")).toEqual([{ n: 0 }]);
  });
});
