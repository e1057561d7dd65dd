import { describe, expect, it } from 'vitest';
import { corpusPath, readJsonl } from '../../support/corpora.js';
import { byEventTime, drive, ofType, plainFileRecords, validateFinding } from './drive.js';

interface LeaderEvent {
  member_name: string;
  event: string;
  node?: string;
  leader?: string;
  term: number;
}

const MEMBERS = ['n1', 'n2', 'n3'];
const records = () => byEventTime(MEMBERS.flatMap((m) => plainFileRecords(corpusPath(`etcd-capnslog/${m}.log`), m, 'corpus')));

describe('etcd detector on the etcd-capnslog corpus (3 members, etcd 3.4 capnslog)', () => {
  it('finds every term that got a leader exactly once, with its leader and reporters', async () => {
    const expected = readJsonl<LeaderEvent>('etcd-capnslog/leader_events_expected.jsonl');
    const elected = expected.filter((e) => e.event === 'elected_leader' || e.event === 'changed_leader');
    const truth = new Map<number, { leader: string; reporters: Set<string> }>();
    for (const e of elected) {
      const t = truth.get(e.term) ?? { leader: e.leader!, reporters: new Set<string>() };
      expect(t.leader).toBe(e.leader);
      t.reporters.add(e.node!);
      truth.set(e.term, t);
    }
    // became_leader lines name the leader as reporter of its own election.
    for (const e of expected.filter((x) => x.event === 'became_leader')) truth.get(e.term)!.reporters.add(e.node!);
    expect([...truth.keys()].sort((a, b) => a - b)).toEqual([2, 3, 5, 6, 7]);

    const run = await drive(records());
    const changes = ofType(run, 'etcd_leader_change');
    expect(changes.map((f) => f.details.term).sort()).toEqual([2, 3, 5, 6, 7]);
    for (const f of changes) {
      const t = truth.get(f.details.term as number)!;
      expect(f.details.leader).toBe(t.leader);
      expect(f.details.reporters).toEqual([...t.reporters].sort());
      expect(f.cluster).toBe('corpus');
    }
    // Each change is emitted once: nothing in the corpus arrives late enough to re-emit.
    expect(run.emitted.filter((f) => f.type === 'etcd_leader_change')).toHaveLength(5);
  });

  it('names the previous leader and the two graceful transfers (move-leader, SIGTERM of the leader)', async () => {
    const run = await drive(records());
    const byTerm = new Map(ofType(run, 'etcd_leader_change').map((f) => [f.details.term as number, f.details]));
    const f315 = 'f315995dbbe63d3e';
    const n2 = '93f80fcc8513365b';
    const n3 = 'bcb4510f23da3b53';
    expect([2, 3, 5, 6, 7].map((t) => byTerm.get(t)!.previous_leader)).toEqual([null, f315, n3, n2, f315]);
    expect([2, 3, 5, 6, 7].map((t) => byTerm.get(t)!.transfer)).toEqual([false, false, false, true, true]);
    expect(byTerm.get(5)!.leader_host).toBe('n2');
  });

  it('reports one churn episode: 5 changes in 45 s is over 4-in-15-min once, not once per extra change', async () => {
    const run = await drive(records());
    const churn = ofType(run, 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    // One id; its first version at the 4th change, then versions as the episode grew to 5.
    const versions = run.emitted.filter((f) => f.type === 'etcd_leader_churn');
    expect(new Set(versions.map((f) => f.finding_id))).toEqual(new Set([churn[0].finding_id]));
    expect(versions[0].details.changes).toBe(4);
    expect(versions[versions.length - 1]).toEqual(churn[0]);
    const d = churn[0].details;
    expect(d.changes).toBe(5);
    expect(d.terms).toEqual([2, 3, 5, 6, 7]);
    expect(d.leaders).toEqual(['f315995dbbe63d3e', 'bcb4510f23da3b53', '93f80fcc8513365b', 'f315995dbbe63d3e', '93f80fcc8513365b']);
    expect(d.transfers).toEqual([6, 7]);
    // term 4: n1 campaigned after the second kill but lost; term 5 got the leader.
    expect(d.leaderless_terms).toEqual([4]);
    // No disk warnings in this corpus: the cause is the restarts and transfers the script made.
    expect(d.precursor_totals).toEqual({});
    expect(d.member_starts).toBe(5);
    expect(d.suspected_cause).toMatch(/^member restarts and leadership transfers/);
    expect(d.suspected_cause).toContain('2 of 5 changes were leadership transfers');
  });

  it('with a window too short for 4 changes (30 s), reports no churn', async () => {
    const { withChurn } = await import('./drive.js');
    const run = await drive(records(), withChurn(4, 30));
    expect(ofType(run, 'etcd_leader_churn')).toHaveLength(0);
    expect(ofType(run, 'etcd_leader_change')).toHaveLength(5);
  });

  it('every finding validates and rests on input records', async () => {
    const input = records();
    const ids = new Set(input.map((r) => r.event_id));
    const run = await drive(input);
    expect(run.byId.size).toBe(6);
    for (const f of run.byId.values()) {
      expect(validateFinding(f), JSON.stringify(validateFinding.errors)).toBe(true);
      for (const id of f.evidence) expect(ids.has(id)).toBe(true);
    }
  });
});
