import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { drive, messageFixture, ofType, validateFinding, withChurn } from './drive.js';

/** churn-disk.jsonl: journald flush + slow fdatasync on cp1 and cp2, then 5 elections (terms 11-15) in 8 minutes. */
const churnDisk = (cluster = 'prod'): LogRecord[] => messageFixture('churn-disk.jsonl', cluster);
const termOf = (r: LogRecord): number | null => {
  const m = / at term (\d+)/.exec(r.message);
  return m ? Number(m[1]) : null;
};

describe('etcd leader churn', () => {
  it('names disk I/O and the two hosts when slow fdatasync and journald flushes precede the elections', async () => {
    const input = churnDisk();
    const run = await drive(input);
    const churn = ofType(run, 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    const f = churn[0];
    expect(validateFinding(f), JSON.stringify(validateFinding.errors)).toBe(true);
    expect(f.severity).toBe('warning');
    expect(f.cluster).toBe('prod');
    expect(f.details).toMatchObject({
      changes: 5,
      window_seconds: 900,
      terms: [11, 12, 13, 14, 15],
      precursor_counts_capped: false,
    });
    expect(f.details.precursors).toEqual({
      cp1: { heartbeat_late: 1, slow_fdatasync: 4, journald_flush: 2 },
      cp2: { slow_fdatasync: 1, slow_apply: 1, journald_flush: 2 },
    });
    const cause = f.details.suspected_cause as string;
    expect(cause).toBe(
      'disk I/O: slow fdatasync (up to 2.4s) and journald flush on hosts cp1, cp2; etcd also logged late heartbeats (up to 1.1s) and slow apply (up to 1.4s) on cp1, cp2',
    );
    expect(f.details.suspected_cause_kind).toBe('disk');
    expect(cause).not.toContain('w1');
    expect(cause).not.toContain('cp3');
    expect(f.summary).toContain('suspected cause: disk I/O');
    const ids = new Set(input.map((r) => r.event_id));
    for (const id of f.evidence) expect(ids.has(id)).toBe(true);
    // The journald flush two minutes before the first election is evidence, and the earliest.
    expect(f.time).toBe('2026-11-26T09:58:00.000000Z');
    expect(ofType(run, 'etcd_leader_change')).toHaveLength(5);
  });

  it('three changes are not churn', async () => {
    const run = await drive(churnDisk().filter((r) => (termOf(r) ?? 0) < 14));
    expect(ofType(run, 'etcd_leader_change').map((f) => f.details.term).sort()).toEqual([11, 12, 13]);
    expect(ofType(run, 'etcd_leader_churn')).toHaveLength(0);
  });

  it('churn thresholds come from config: 6 changes needed -> none; 3 within 5 min -> one episode', async () => {
    expect(ofType(await drive(churnDisk(), withChurn(6, 900)), 'etcd_leader_churn')).toHaveLength(0);
    const short = ofType(await drive(churnDisk(), withChurn(3, 300)), 'etcd_leader_churn');
    // terms 11,12,13 at 0/90/200 s are within 300 s; 12,13,14 at 90/200/330 too; 13,14,15 span 280 s: one run of overlapping windows.
    expect(short.map((f) => f.details.terms)).toEqual([[11, 12, 13, 14, 15]]);
    expect(short[0].details.window_seconds).toBe(300);
  });

  it('two bursts further apart than the window are two episodes', async () => {
    const shifted = churnDisk('prod').map((r) => r);
    const later = messageFixture('churn-disk.jsonl', 'prod').map((r, i) => ({
      ...r,
      event_id: `${r.event_id.slice(0, 24)}${(0x10000000 + i).toString(16)}`,
      time: new Date(Date.parse(r.time!) + 3 * 3600_000).toISOString().replace('Z', '000Z'),
      message: r.message.replace(/ at term 1(\d)/g, (_m, d) => ` at term 2${d}`),
    }));
    const run = await drive([...shifted, ...later]);
    const churn = ofType(run, 'etcd_leader_churn').sort((a, b) => (a.time < b.time ? -1 : 1));
    expect(churn.map((f) => f.details.terms)).toEqual([[11, 12, 13, 14, 15], [21, 22, 23, 24, 25]]);
    expect(new Set(churn.map((f) => f.finding_id)).size).toBe(2);
  });

  it('without any precursor, the cause names the leaders lost, not the disk', async () => {
    const bare = churnDisk().filter((r) => termOf(r) !== null);
    const [f] = ofType(await drive(bare), 'etcd_leader_churn');
    expect(f.details.suspected_cause_kind).toBe('unexplained');
    expect(f.details.suspected_cause).toMatch(/^unexplained: leaders lost: 2b3c4d5e6f708192 on cp2 \(2×\), a1b2c3d4e5f60718 on cp1 \(2×\), c3d4e5f607182930 on cp3 \(1×\)/);
    expect(f.details.suspected_cause).not.toMatch(/disk|I\/O/);
    expect(f.details.precursors).toEqual({});
  });

  it('default thresholds follow etcd-mixin (4 changes in 15 minutes)', () => {
    expect(DEFAULT_CONFIG.detectors.etcd).toEqual({ churn_min_changes: 4, churn_window_seconds: 900 });
  });
});
