import { feedRecord } from '../../../functions/detect/feed.js';
import { describe, expect, it } from 'vitest';
import { createCertDetector } from '../../../functions/detect/cert/index.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding, StateStore } from '../../../functions/detect/types.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { recordFromMessage } from '../../support/records.js';
import { config, expectWellFormed, run } from './helpers.js';

const GO_EXPIRED = 'Get "https://api.internal:6443/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-26T01:05:00Z is after 2026-11-20T00:00:00Z';
const GO_NOT_YET = 'Get "https://api.internal:6443/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-26T01:05:00Z is before 2035-06-01T08:30:00Z';

let seq = 0;
function rec(message: string, time: string, opts: { host?: string; app?: string; identity?: string } = {}): LogRecord {
  return recordFromMessage(message, { host: opts.host ?? 'client-1', app: opts.app ?? 'kube-proxy', time, identity: opts.identity ?? `t:${seq++}` });
}

/** Everything a reader sees of a finding, for comparing runs. */
const view = (fs: Finding[]) => fs.map((f) => JSON.stringify(f)).sort();

describe('cert detector: suppression window', () => {
  it('repeats within one window are one finding; time_end moves; the next window is a new finding', async () => {
    const records = [
      rec(GO_EXPIRED, '2026-11-26T01:05:00Z'),
      rec(GO_EXPIRED, '2026-11-26T01:15:00Z'),
      rec(GO_EXPIRED, '2026-11-26T01:55:00Z'),
      rec(GO_EXPIRED, '2026-11-26T02:10:00Z'),
    ];
    const { findings, emissions } = await run(records);
    expectWellFormed(findings, records, expect);
    expect(findings).toHaveLength(2);
    const [a, b] = findings;
    expect(a.finding_id).not.toBe(b.finding_id);
    expect(a.evidence).toEqual(records.slice(0, 3).map((r) => r.event_id));
    expect(a.time).toBe('2026-11-26T01:05:00.000000Z');
    expect(a.time_end).toBe('2026-11-26T01:55:00.000000Z');
    expect(a.details.occurrences).toBe(3);
    expect(b.evidence).toEqual([records[3].event_id]);
    for (const f of findings) expect(emissions.get(f.finding_id)).toBe(1);
  });

  it('honours config.cert.suppression_window_seconds', async () => {
    const records = [rec(GO_EXPIRED, '2026-11-26T01:05:00Z'), rec(GO_EXPIRED, '2026-11-26T01:15:00Z')];
    expect((await run(records, config({ suppression_window_seconds: 300 }))).findings).toHaveLength(2);
    expect((await run(records, config({ suppression_window_seconds: 86400 }))).findings).toHaveLength(1);
  });

  it('keys findings by host, app, subject/peer and kind', async () => {
    const other = GO_EXPIRED.replace('api.internal:6443', 'db.internal:5432');
    const records = [
      rec(GO_EXPIRED, '2026-11-26T01:05:00Z'),
      rec(GO_EXPIRED, '2026-11-26T01:06:00Z', { host: 'client-2' }),
      rec(GO_EXPIRED, '2026-11-26T01:07:00Z', { app: 'kubelet' }),
      rec(other, '2026-11-26T01:08:00Z'),
      rec(GO_NOT_YET, '2026-11-26T01:09:00Z'),
    ];
    const { findings } = await run(records);
    expect(findings).toHaveLength(5);
    expect(new Set(findings.map((f) => f.finding_id)).size).toBe(5);
    expect(findings.map((f) => f.type).sort()).toEqual(['cert_expired', 'cert_expired', 'cert_expired', 'cert_expired', 'cert_not_yet_valid']);
  });

  it('emits nothing before the watermark passes the window end, then once', async () => {
    const detector = createCertDetector(config());
    const store = new MemoryStateStore();
    const r = rec(GO_EXPIRED, '2026-11-26T01:05:00Z');
    expect(await feedRecord(detector, r, { store, watermarkMs: Date.parse('2026-11-26T01:00:00Z') })).toEqual([]);
    expect(await detector.onWatermark({ store, watermarkMs: Date.parse('2026-11-26T01:59:59Z') })).toEqual([]);
    const closed = await detector.onWatermark({ store, watermarkMs: Date.parse('2026-11-26T02:00:00Z') });
    expect(closed).toHaveLength(1);
    expect(await detector.onWatermark({ store, watermarkMs: Date.parse('2026-11-26T03:00:00Z') })).toEqual([]);
    expect(await detector.flush({ store, watermarkMs: Number.POSITIVE_INFINITY })).toEqual([]);
  });

  it('late evidence for an emitted window re-emits it under the same id', async () => {
    const records = [
      rec(GO_EXPIRED, '2026-11-26T01:05:00Z'),
      rec('unrelated line', '2026-11-26T02:20:00Z'),
      rec(GO_EXPIRED, '2026-11-26T01:30:00Z'), // later than the 5-minute lateness
    ];
    const { findings, emissions } = await run(records);
    expect(findings).toHaveLength(1);
    expect(emissions.get(findings[0].finding_id)).toBe(2);
    expect(findings[0].evidence).toEqual([records[0].event_id, records[2].event_id]);
    expect(findings[0].time_end).toBe('2026-11-26T01:30:00.000000Z');
  });

  it('caps evidence at the 200 earliest records but keeps time_end and the count honest', async () => {
    const records = Array.from({ length: 250 }, (_, i) => rec(GO_EXPIRED, new Date(Date.parse('2026-11-26T01:00:00Z') + i * 1000).toISOString()));
    const { findings } = await run([...records].reverse());
    expect(findings).toHaveLength(1);
    expect(findings[0].evidence).toEqual(records.slice(0, 200).map((r) => r.event_id));
    expect(findings[0].details).toMatchObject({ occurrences: 200, evidence_capped: true });
    expect(findings[0].time_end).toBe(records[249].time);
  });
});

describe('cert detector: replay, duplicates, order', () => {
  const records = [
    rec(GO_EXPIRED, '2026-11-26T01:05:00Z'),
    rec(GO_NOT_YET, '2026-11-26T01:06:00Z'),
    rec('error 10 at 1 depth lookup: certificate has expired', '2026-11-26T01:07:00Z', { app: 'openssl' }),
    rec(GO_EXPIRED, '2026-11-26T01:40:00Z'),
    rec('curl: (60) SSL certificate problem: certificate has expired', '2026-11-26T02:01:00Z', { app: 'curl' }),
    rec(GO_EXPIRED, '2026-11-26T02:30:00Z'),
    rec('ssl.SSLError: [SSL: SSLV3_ALERT_CERTIFICATE_EXPIRED] sslv3 alert certificate expired (_ssl.c:1129)', '2026-11-26T03:30:00Z', { app: 'python3' }),
  ];

  it('a replay gives the same findings and finding_ids', async () => {
    const first = await run(records);
    const second = await run(records);
    expect(first.findings.length).toBe(6);
    expect(view(second.findings)).toEqual(view(first.findings));
  });

  it('duplicated records (same event_id) do not count twice', async () => {
    const { findings } = await run([...records, ...records]);
    expect(view(findings)).toEqual(view((await run(records)).findings));
  });

  it('out-of-order input gives the same final findings as ordered input', async () => {
    const ordered = view((await run(records)).findings);
    for (const perm of [[6, 5, 4, 3, 2, 1, 0], [3, 0, 5, 1, 6, 2, 4], [1, 0, 3, 2, 5, 4, 6]]) {
      expect(view((await run(perm.map((i) => records[i]))).findings)).toEqual(ordered);
    }
  });

  it('two detector instances sharing a store (concurrent shards) agree with one', async () => {
    const store = new ContendedStore();
    const a = createCertDetector(config());
    const b = createCertDetector(config());
    const byId = new Map<string, Finding>();
    for (const [i, r] of records.entries()) {
      for (const f of await feedRecord(i % 2 ? a : b, r, { store, watermarkMs: 0 })) byId.set(f.finding_id, f);
    }
    for (const d of [a, b]) for (const f of await d.flush({ store, watermarkMs: Number.POSITIVE_INFINITY })) byId.set(f.finding_id, f);
    expect(store.conflicts).toBeGreaterThan(0);
    expect(view([...byId.values()])).toEqual(view((await run(records)).findings));
  });
});

/** A store where every third conditional write loses a race once: the writer must re-read and retry. */
class ContendedStore extends MemoryStateStore {
  conflicts = 0;
  private n = 0;
  override async put<T>(key: string, value: T, expectedVersion: number | null): Promise<boolean> {
    if (++this.n % 3 === 0) {
      this.conflicts++;
      const current = await this.get<T>(key);
      if (current) await super.put(key, current.value, current.version); // someone else wrote: version moves
      else return false;
    }
    return super.put(key, value, expectedVersion);
  }
}

describe('cert detector: kubelet rotation and the expiring horizon', () => {
  const line = (expiration: string) =>
    `I1126 01:00:00.000000    1234 certificate_manager.go:356] kubernetes.io/kube-apiserver-client-kubelet: Certificate expiration is ${expiration}, rotation deadline is 2026-11-28 02:13:55.12 +0000 UTC`;

  it('fires cert_expiring within 14 days of the event time', async () => {
    const r = rec(line('2026-12-01 10:00:00 +0000 UTC'), '2026-11-26T01:00:00Z', { app: 'kubelet' });
    const { findings } = await run([r]);
    expectWellFormed(findings, [r], expect);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ type: 'cert_expiring', severity: 'warning' });
    expect(findings[0].details).toMatchObject({
      kind: 'expiring',
      source: 'kubelet',
      subject: 'kubernetes.io/kube-apiserver-client-kubelet',
      not_after: '2026-12-01T10:00:00.000000Z',
      rotation_deadline: '2026-11-28T02:13:55.120000Z',
      seconds_until_expiry: 5 * 86400 + 9 * 3600,
    });
  });

  it('stays quiet outside the horizon, and the horizon is configurable', async () => {
    const r = rec(line('2026-12-20 10:00:00 +0000 UTC'), '2026-11-26T01:00:00Z', { app: 'kubelet' });
    expect((await run([r])).findings).toEqual([]);
    expect((await run([r], config({ expiring_horizon_days: 30 }))).findings).toHaveLength(1);
  });

  it('measures from the record event time, not the wall clock', async () => {
    const r = rec(line('2026-12-01 10:00:00 +0000 UTC'), '2026-10-01T00:00:00Z', { app: 'kubelet' });
    expect((await run([r])).findings).toEqual([]);
  });

  it('an expiration already past is cert_expired', async () => {
    const r = rec(line('2026-11-20 00:00:00 +0000 UTC'), '2026-11-26T01:00:00Z', { app: 'kubelet' });
    const { findings } = await run([r]);
    expect(findings.map((f) => f.type)).toEqual(['cert_expired']);
    expect(findings[0].details.expired_for_seconds).toBe(6 * 86400 + 3600);
  });
});

describe('cert detector: remediation tells the cases apart', () => {
  const remediation = async (message: string) => (await run([rec(message, '2026-11-26T01:05:00Z')])).findings[0];

  it('leaf, issuing CA, peer rejection and not-yet-valid get different advice', async () => {
    const leaf = await remediation('error 10 at 0 depth lookup: certificate has expired');
    const ca = await remediation('error 10 at 1 depth lookup: certificate has expired');
    const peer = await remediation('SSL routines::sslv3 alert certificate expired:SSL alert number 45');
    const notYet = await remediation('error 9 at 0 depth lookup: certificate is not yet valid');
    expect(leaf.remediation).toMatch(/renew the leaf/i);
    expect(leaf.remediation).not.toMatch(/trust bundle/);
    expect(ca.remediation).toMatch(/trust bundle on the client/);
    expect(ca.remediation).toMatch(/does not help/);
    expect(peer.details.rejected_by).toBe('peer');
    expect(peer.remediation).toMatch(/rejected OUR certificate.*renew/);
    expect(notYet.remediation).toMatch(/clock skew/);
    expect(notYet.remediation).toMatch(/notBefore/);
    expect(new Set([leaf, ca, peer, notYet].map((f) => f.remediation)).size).toBe(4);
  });
});

describe('cert detector: subject from neighbouring tool lines', () => {
  it('pairs openssl verify lines of the same host+app within a second, whatever their order', async () => {
    const t = '2026-11-26T01:05:00.200Z';
    const lines = [rec('C = US, CN = expired.test', t, { app: 'openssl' }), rec('error 10 at 0 depth lookup: certificate has expired', '2026-11-26T01:05:00.400Z', { app: 'openssl' }), rec('error /tmp/x.crt: verification failed', t, { app: 'openssl' })];
    for (const order of [lines, [...lines].reverse()]) {
      const { findings } = await run(order);
      expect(findings).toHaveLength(1);
      expect(findings[0].details).toMatchObject({ subject: 'C=US, CN=expired.test', subject_from: 'neighbour_line' });
      expect(findings[0].evidence).toEqual([lines[1].event_id]);
    }
  });

  it('does not pair lines of another app or more than a second apart', async () => {
    const err = rec('error 10 at 0 depth lookup: certificate has expired', '2026-11-26T01:05:00Z', { app: 'openssl' });
    for (const ctx of [rec('CN = other.test', '2026-11-26T01:05:00Z', { app: 'curl' }), rec('CN = other.test', '2026-11-26T01:05:02Z', { app: 'openssl' })]) {
      const { findings } = await run([ctx, err]);
      expect(findings[0].details.subject).toBeNull();
    }
  });

  it('an s_client chain with several names near the error leaves subject open and lists candidates', async () => {
    const t = '2026-11-26T01:05:00Z';
    const records = ['depth=1 CN = Example CA', 'depth=0 CN = www.example.test', 'verify error:num=10:certificate has expired', 'notAfter=Mar  1 12:00:00 2024 GMT'].map((m) => rec(m, t, { app: 'openssl' }));
    const { findings } = await run(records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ subject: null, subject_candidates: ['CN=Example CA', 'CN=www.example.test'], not_after: '2024-03-01T12:00:00.000000Z' });
  });
});

describe('cert detector: adversarial input', () => {
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

  it('handles 1 MB lines of near-misses with the right result', async () => {
    const cases: Array<[string, string | null]> = [
      [fill('current time '), null],
      [fill('certificate has expire '), null],
      [fill('certificate is not yet vali'), null],
      ['x509: certificate has expired or is not yet valid: ' + fill('current time '), 'expired'],
      ['x509: certificate has expired or is not yet valid: current time 2026-11-26T01:05:00Z is before ' + fill('2035-'), 'not_yet_valid'],
      [fill('depth=1 ') + 'verify error:num=9:certificate is not yet valid', 'not_yet_valid'],
      [fill('Get "https://') + ': x509: certificate has expired or is not yet valid', 'expired'],
      [fill('Certificate expiration is 2026-12-01 10:00:00 '), null],
      [fill('subject=') + 'certificate has expired', 'expired'],
    ];
    for (const [message, kind] of cases) {
      const r = rec(message, '2026-11-26T01:05:00Z');
      const { findings } = await run([r]);
      expect(findings.map((f) => f.details.kind)).toEqual(kind ? [kind] : []);
      for (const f of findings) expect(JSON.stringify(f).length).toBeLessThan(16_000);
    }
  });
});

describe('cert detector: stores that cannot list keys', () => {
  it('still emits windows this instance opened', async () => {
    const store: StateStore = new (class extends MemoryStateStore {
      override async keys(): Promise<string[]> {
        return [];
      }
    })();
    const d = createCertDetector(config());
    await feedRecord(d, rec(GO_EXPIRED, '2026-11-26T01:05:00Z'), { store, watermarkMs: 0 });
    expect(await d.flush({ store, watermarkMs: Number.POSITIVE_INFINITY })).toHaveLength(1);
  });
});

describe('cert detector: where in the chain', () => {
  it('an expired leaf and an expired issuing CA on one host are two findings, each with its own remediation', async () => {
    const records = [
      rec('error 10 at 0 depth lookup: certificate has expired', '2026-11-26T01:05:00Z', { host: 'web-1', app: 'openssl' }),
      rec('error 10 at 1 depth lookup: certificate has expired', '2026-11-26T01:05:01Z', { host: 'web-1', app: 'openssl' }),
      rec('error 10 at 0 depth lookup: certificate has expired', '2026-11-26T01:06:00Z', { host: 'web-1', app: 'openssl' }),
    ];
    const { findings } = await run(records);
    expectWellFormed(findings, records, expect);
    expect(findings).toHaveLength(2);
    const leaf = findings.find((f) => f.details.scope === 'leaf')!;
    const issuer = findings.find((f) => f.details.scope === 'issuer')!;
    expect(leaf.finding_id).not.toBe(issuer.finding_id);
    expect(leaf.details.depth).toBe(0);
    expect(issuer.details.depth).toBe(1);
    expect(leaf.evidence).toEqual([records[0].event_id, records[2].event_id]);
    expect(issuer.evidence).toEqual([records[1].event_id]);
    expect(leaf.remediation).toMatch(/^The leaf certificate has expired/);
    expect(issuer.remediation).toMatch(/^An issuing CA certificate \(depth ≥ 1\) has expired, not the leaf/);
    expect(issuer.summary).toContain('an issuing CA in the chain, not the leaf');
    expect(leaf.summary).not.toContain('issuing CA');
  });

  it('different depths above the leaf are different findings too; the same depth again is the same one', async () => {
    const at = (d: number, t: string) => rec(`error 10 at ${d} depth lookup: certificate has expired`, t, { host: 'web-1', app: 'openssl' });
    const records = [at(1, '2026-11-26T01:05:00Z'), at(2, '2026-11-26T01:05:01Z'), at(1, '2026-11-26T01:07:00Z')];
    const { findings } = await run(records);
    expect(findings.map((f) => [f.details.depth, f.evidence.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});
