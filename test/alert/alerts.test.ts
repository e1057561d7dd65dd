import { describe, expect, it } from 'vitest';
import { formatAlert } from '../../functions/alert/format-alert.js';
import { MemoryAlertLedger } from '../../functions/alert/memory-ledger.js';
import { MemoryAlertPublisher, type AlertPublisher } from '../../functions/alert/publisher.js';
import { sendAlerts } from '../../functions/alert/send-alerts.js';
import { alertLedgerContract, finding } from './ledger-contract.js';

alertLedgerContract('MemoryAlertLedger', async () => new MemoryAlertLedger());

describe('formatAlert', () => {
  it('says what, where, when, how much evidence, the cause and the remediation, then the finding as JSON', () => {
    const f = { ...finding('warning'), type: 'etcd_leader_churn' as const, host: null, cluster: 'prod-east', details: { suspected_cause: 'slow disk' } };
    const a = formatAlert(f);
    expect(a.subject).toBe('[logsift] WARNING etcd_leader_churn on cluster prod-east');
    expect(a.attributes).toEqual({ type: 'etcd_leader_churn', severity: 'warning', cluster: 'prod-east' });
    expect(a.message).toContain('What: java killed');
    expect(a.message).toContain('Where: cluster prod-east');
    expect(a.message).toContain('Evidence: 1 record ');
    expect(a.message).toContain('Suspected cause: slow disk');
    expect(a.message).toContain('Remediation: raise the limit');
    expect(JSON.parse(a.message.slice(a.message.indexOf('{')))).toEqual(f);
  });

  it('keeps subjects to what SNS takes (printable ASCII, at most 100 characters) and names a missing cluster', () => {
    const a = formatAlert({ ...finding('critical'), cluster: null, host: `wörker-\n${'x'.repeat(200)}` });
    expect(a.subject.length).toBe(100);
    expect(a.subject).toMatch(/^[ -~]+$/);
    expect(a.attributes.cluster).toBe('none');
  });

  it("names the finding's HTML page: its S3 key, and with the bucket known its s3:// URI and console link", () => {
    const f = finding('warning');
    const key = `reports/findings/${f.finding_id}.html`;
    const withBucket = formatAlert(f, { key, bucket: 'logsift-tables', region: 'eu-central-1' }).message;
    expect(withBucket).toContain(`Page: s3://logsift-tables/${key} (a timeline of the evidence)\n`);
    expect(withBucket).toContain(`Console: https://s3.console.aws.amazon.com/s3/object/logsift-tables?region=eu-central-1&prefix=reports%2Ffindings%2F${f.finding_id}.html\n`);
    expect(formatAlert(f, { key }).message).toContain(`Page: ${key} (in the tables bucket; a timeline of the evidence)\n`);
    // The JSON still parses after the added lines.
    expect(JSON.parse(withBucket.slice(withBucket.indexOf('{')))).toEqual(f);
  });

  it('keeps messages under the SNS limit by dropping oversized details, which the findings table keeps', () => {
    const a = formatAlert({ ...finding('critical'), details: { blob: 'x'.repeat(300_000) } });
    expect(Buffer.byteLength(a.message)).toBeLessThan(256 * 1024);
    expect(a.message).toContain('too large for SNS');
  });
});

describe('formatAlert of a resolved finding', () => {
  it('says RESOLVED, when it was last seen, when and how it ended', () => {
    const f = {
      ...finding('warning'),
      type: 'service_restart',
      status: 'resolved' as const,
      time_end: '2026-11-26T02:00:01.000000Z',
      details: { rule: 'x', count: 3, resolved_by: 'quiet', quiet_seconds: 3600 },
    };
    const a = formatAlert(f);
    expect(a.subject).toBe('[logsift] RESOLVED WARNING service_restart on cluster prod, host worker-1');
    expect(a.message).toContain('When: 2026-11-26T01:00:00.000000Z to 2026-11-26T01:00:01.000000Z (last seen); resolved at 2026-11-26T02:00:01.000000Z');
    expect(a.message).toContain('no matching record for 3600 s');
    expect(JSON.parse(a.message.slice(a.message.indexOf('{')))).toEqual(f);
  });
});

describe('sendAlerts', () => {
  it('sends a resolution once after the incident paged, and none for info incidents', async () => {
    const ledger = new MemoryAlertLedger();
    const pub = new MemoryAlertPublisher();
    const open = finding('warning');
    const resolved = { ...open, status: 'resolved' as const, time_end: '2026-11-26T03:00:00.000000Z' };
    expect((await sendAlerts([open], ledger, pub, 's1')).sent).toEqual([open]);
    expect((await sendAlerts([resolved], ledger, pub, 's1')).sent).toEqual([resolved]);
    expect((await sendAlerts([resolved, open], ledger, pub, 's2')).sent).toEqual([]);
    const info = finding('info');
    expect((await sendAlerts([info, { ...info, status: 'resolved' as const }], ledger, pub, 's1')).sent).toEqual([]);
    expect(pub.published.map((p) => p.subject.startsWith('[logsift] RESOLVED'))).toEqual([false, true]);
  });

  it('publishes new findings and rises, suppresses repeats', async () => {
    const ledger = new MemoryAlertLedger();
    const pub = new MemoryAlertPublisher();
    const a = finding('warning');
    const b = finding('critical');
    expect((await sendAlerts([a, b], ledger, pub, 's1')).sent).toEqual([a, b]);
    const again = await sendAlerts([a, { ...b, time_end: '2026-11-26T02:00:00.000000Z' }, { ...a, severity: 'critical' }], ledger, pub, 's2');
    expect(again.sent.map((f) => f.severity)).toEqual(['critical']);
    expect(again.suppressed).toHaveLength(2);
    expect(pub.published.map((p) => p.attributes.severity)).toEqual(['warning', 'critical', 'critical']);
  });

  it('archives info findings without paging them', async () => {
    const pub = new MemoryAlertPublisher();
    const out = await sendAlerts([finding('info')], new MemoryAlertLedger(), pub, 's1');
    expect(out).toEqual({ sent: [], suppressed: [] });
    expect(pub.published).toEqual([]);
  });

  it('leaves a failed publish for the same owner to retry, and pages exactly once in the end', async () => {
    const ledger = new MemoryAlertLedger();
    const ok = new MemoryAlertPublisher();
    const failing: AlertPublisher = { publish: async () => Promise.reject(new Error('SNS down')) };
    const f = finding('critical');
    await expect(sendAlerts([f], ledger, failing, 's1')).rejects.toThrow('SNS down');
    expect((await sendAlerts([f], ledger, ok, 's2')).sent).toEqual([]); // another shard: not its claim
    expect((await sendAlerts([f], ledger, ok, 's1')).sent).toEqual([f]); // the retry
    expect((await sendAlerts([f], ledger, ok, 's1')).sent).toEqual([]);
    expect(ok.published).toHaveLength(1);
  });
});
