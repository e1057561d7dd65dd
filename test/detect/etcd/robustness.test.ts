import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { corpusPath } from '../../support/corpora.js';
import { byEventTime, drive, messageFixture, ofType, plainFileRecords } from './drive.js';

/** Deterministic shuffle (LCG), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number, block = items.length): T[] {
  const out = [...items];
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let start = 0; start < out.length; start += block) {
    const end = Math.min(out.length, start + block);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(next() * (i - start + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
  }
  return out;
}

const finalFindings = (byId: Map<string, Finding>): Finding[] => [...byId.values()].sort((a, b) => (a.finding_id < b.finding_id ? -1 : 1));
const corpus = (): LogRecord[] => byEventTime(['n1', 'n2', 'n3'].flatMap((m) => plainFileRecords(corpusPath(`etcd-capnslog/${m}.log`), m, 'corpus')));
const churnDisk = (cluster = 'prod'): LogRecord[] => messageFixture('churn-disk.jsonl', cluster);

describe('etcd detector: duplicates, disorder, replays, clusters', () => {
  for (const [name, input] of [['corpus', corpus], ['churn-disk fixture', churnDisk]] as const) {
    it(`${name}: duplicated input emits exactly the versions the input once does`, async () => {
      const inOrder = await drive(input());
      const run = await drive(input().flatMap((r) => [r, r]));
      expect(run.emitted).toEqual(inOrder.emitted);
    });

    it(`${name}: duplicated and locally reordered input gives the same final findings`, async () => {
      // Churn is reported while it grows, so the intermediate versions follow the arrival order; the ids and final versions do not.
      const inOrder = await drive(input());
      const run = await drive(shuffled(input().flatMap((r) => [r, r]), 7, 25));
      expect(finalFindings(run.byId)).toEqual(finalFindings(inOrder.byId));
      expect(new Set(run.emitted.map((f) => f.finding_id))).toEqual(new Set(inOrder.emitted.map((f) => f.finding_id)));
    });

    it(`${name}: fully shuffled input ends with the same findings (late evidence upserts, same ids)`, async () => {
      const inOrder = await drive(input());
      const run = await drive(shuffled(input(), 11));
      expect(finalFindings(run.byId)).toEqual(finalFindings(inOrder.byId));
    });
  }

  it('a replay into a fresh store gives the same finding_ids and content', async () => {
    const a = await drive(churnDisk());
    const b = await drive(churnDisk());
    expect(finalFindings(b.byId)).toEqual(finalFindings(a.byId));
  });

  it('the same input twice into the same store emits nothing new the second time', async () => {
    const store = new MemoryStateStore();
    const first = await drive(churnDisk(), DEFAULT_CONFIG.detectors, store);
    const second = await drive(churnDisk(), DEFAULT_CONFIG.detectors, store);
    expect(first.byId.size).toBe(6);
    expect(second.emitted).toEqual([]);
  });

  it('two clusters with the same terms and hosts names do not mix', async () => {
    const prod = churnDisk('prod');
    // staging: only the first two elections, and its own journald flush on a host also called cp1.
    const staging = messageFixture('churn-disk.jsonl', 'staging').filter((r) => /at term 1[12]\b/.test(r.message) || r.app === 'systemd-journald');
    const run = await drive(byEventTime([...prod, ...staging]));
    const changes = ofType(run, 'etcd_leader_change');
    expect(changes.filter((f) => f.cluster === 'prod').map((f) => f.details.term).sort()).toEqual([11, 12, 13, 14, 15]);
    expect(changes.filter((f) => f.cluster === 'staging').map((f) => f.details.term).sort()).toEqual([11, 12]);
    expect(new Set(changes.map((f) => f.finding_id)).size).toBe(7);
    const churn = ofType(run, 'etcd_leader_churn');
    expect(churn.map((f) => f.cluster)).toEqual(['prod']);
    // prod's counts are its own: staging's flush lines on its cp1/cp2 are not added.
    expect(churn[0].details.precursors).toEqual({
      cp1: { heartbeat_late: 1, slow_fdatasync: 4, journald_flush: 2 },
      cp2: { slow_fdatasync: 1, slow_apply: 1, journald_flush: 2 },
    });
    const prodIds = new Set(prod.map((r) => r.event_id));
    for (const f of run.byId.values()) if (f.cluster === 'prod') for (const id of f.evidence) expect(prodIds.has(id)).toBe(true);
  });
});

describe('etcd detector: late evidence', () => {
  const A = '8e9e05c52164694d';
  const B = '91bc3c398fb3c146';
  it('a reporter arriving after the change was emitted re-emits it under the same id', async () => {
    const { etcdRecord } = await import('./drive.js');
    const first = etcdRecord(`raft.node: ${A} elected leader ${A} at term 3`, '2026-11-26T01:00:00Z', 'm1', 'c');
    const later = etcdRecord('2026-11-26 01:10:00.000000 I | etcdserver: published', '2026-11-26T01:10:00Z', 'm1', 'c');
    const late = etcdRecord(`raft.node: ${B} elected leader ${A} at term 3`, '2026-11-26T01:00:01Z', 'm2', 'c');
    const run = await drive([first, later, etcdRecord(`raft2026/11/26 01:10:01 INFO: ${A} became candidate at term 4`, '2026-11-26T01:10:01Z', 'm1', 'c'), late]);
    const emitted = run.emitted.filter((f) => f.type === 'etcd_leader_change');
    expect(emitted).toHaveLength(2);
    expect(emitted[0].finding_id).toBe(emitted[1].finding_id);
    expect(emitted[0].details.reporters).toEqual([A]);
    expect(emitted[1].details.reporters).toEqual([A, B].sort());
  });

  it('a report of a term pruned long ago is not a new change (late beyond retention)', async () => {
    const { etcdRecord } = await import('./drive.js');
    const run = await drive([
      etcdRecord(`raft.node: ${A} elected leader ${A} at term 3`, '2026-11-26T01:00:00Z', 'm1', 'c'),
      etcdRecord(`raft.node: ${A} changed leader from ${A} to ${B} at term 4`, '2026-11-26T03:00:00Z', 'm1', 'c'),
      etcdRecord(`raft.node: ${B} elected leader ${A} at term 3`, '2026-11-26T01:00:05Z', 'm2', 'c'),
    ]);
    const changes = run.emitted.filter((f) => f.type === 'etcd_leader_change');
    expect(changes.map((f) => [f.details.term, f.details.reporters])).toEqual([[3, [A]], [4, [A]]]);
  });
});
