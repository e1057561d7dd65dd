import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './cli/run-cli.js';

/** The sample set `npm start` runs: every log file in samples/, with its config and received time. */
const FILES = readdirSync('samples')
  .filter((f) => f.endsWith('.log') || f.endsWith('.journal.json'))
  .sort()
  .map((f) => `samples/${f}`);
const ARGS = ['--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json', ...FILES];

describe('the sample logs (what npm start shows)', () => {
  it('mix journald JSON, RFC 5424 and RFC 3164', async () => {
    const records = (await cli(['parse', ...ARGS])).lines;
    expect(new Set(records.map((r) => r.source_format))).toEqual(new Set(['journald', 'rfc5424', 'rfc3164', 'plain']));
  });

  it('hold the etcd leader churn on prod-eu, with disk I/O and the journald flush on cp-1 as its suspected cause', async () => {
    const findings = (await cli(['detect', ...ARGS])).lines;
    const churn = findings.filter((f) => f.type === 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    expect(churn[0].cluster).toBe('prod-eu');
    expect(churn[0].details.changes).toBe(4);
    expect(churn[0].summary).toMatch(/suspected cause: disk I\/O: slow fdatasync, journald flush\b.* on hosts cp-1\b/);
    expect(churn[0].details.precursors['cp-1']).toMatchObject({ slow_fdatasync: expect.any(Number), journald_flush: expect.any(Number) });
    expect(findings.filter((f) => f.type === 'etcd_leader_change').map((f) => f.details.term)).toEqual([8, 9, 10, 11]);
  });

  it('hold a memcg OOM kill in a pod, with pod UID and container', async () => {
    const kills = (await cli(['detect', ...ARGS])).lines.filter((f) => f.type === 'oom_kill');
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
    expect(kills[0].summary).toContain('in pod 3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c');
  });

  it('hold an expired issuing CA, named by openssl verify, with the trust-bundle remediation', async () => {
    const expired = (await cli(['detect', ...ARGS])).lines.filter((f) => f.type === 'cert_expired');
    const ca = expired.filter((f) => f.details.scope === 'issuer');
    expect(ca).toHaveLength(1);
    expect(ca[0].details.subject).toContain('CN=Example Issuing CA 2');
    expect(ca[0].remediation).toMatch(/^An issuing CA certificate \(depth ≥ 1\) has expired, not the leaf: update the trust bundle/);
    // Go's message does not say which certificate; it is the other cert_expired finding, scope unknown.
    expect(expired.filter((f) => f.details.scope === 'unknown').map((f) => f.details.source)).toEqual(['go-x509']);
  });

  it('hold etcd records whose facility is corrected to daemon: missing on the journal, kern from the forwarders', async () => {
    const etcd = (await cli(['parse', ...ARGS])).lines.filter((r) => r.app === 'etcd');
    const missing = etcd.filter((r) => r.corrections.includes('facility_inferred_unit'));
    const kern = etcd.filter((r) => r.corrections.includes('facility_kern_rerouted_app_list'));
    expect(missing.length).toBeGreaterThan(0);
    expect(kern.length).toBeGreaterThan(0);
    for (const r of missing) expect([r.facility_received, r.facility_name, r.source_format]).toEqual([null, 'daemon', 'journald']);
    for (const r of kern) expect([r.facility_received, r.facility_name]).toEqual([0, 'daemon']);
    expect(missing.length + kern.length).toBe(etcd.length);
  });

  it('hold malformed lines that are kept raw with a parse error, without stopping the run', async () => {
    const r = await cli(['parse', ...ARGS]);
    expect(r.code).toBe(0);
    const bad = r.lines.filter((x) => x.parse_error !== null);
    expect(bad.map((x) => x.source_format).sort()).toEqual(['rfc3164', 'rfc5424']);
    for (const x of bad) expect(x.message.startsWith('<')).toBe(true);
  });
});
