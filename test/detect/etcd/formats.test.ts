import { describe, expect, it } from 'vitest';
import { byEventTime, drive, etcdRecord, lineFixture, ofType, validateFinding } from './drive.js';
import { recordFromMessage } from '../../support/records.js';

const A = '8e9e05c52164694d';
const B = '91bc3c398fb3c146';
const C = 'fd422379fda50e48';

describe('etcd leader changes from each format etcd writes', () => {
  it('zap JSON (3.5; ts as ISO string and as epoch float): startup election and a leadership transfer', async () => {
    const input = byEventTime(lineFixture('zap-3.5.jsonl', 'z'));
    expect(input.every((r) => r.time !== null)).toBe(true);
    const run = await drive(input);
    const changes = ofType(run, 'etcd_leader_change').sort((a, b) => (a.details.term as number) - (b.details.term as number));
    expect(changes.map((f) => [f.details.term, f.details.leader, f.details.previous_leader, f.details.transfer])).toEqual([
      [2, A, null, false],
      [3, B, A, true],
    ]);
    expect(changes[0].details.reporters).toEqual([A, B, C].sort());
    expect(changes[0].details.reporter_hosts).toEqual(['m1', 'm2', 'm3']);
    expect(changes[0].time).toBe('2021-06-01T10:00:01.140000Z');
    expect(changes[1].details.reporters).toEqual([A, B, C].sort());
    expect(changes[1].details.leader_host).toBe('m2');
    expect(ofType(run, 'etcd_leader_churn')).toHaveLength(0);
    for (const f of run.byId.values()) expect(validateFinding(f)).toBe(true);
  });

  it('capnslog 3.3 (`I | raft: raft.node: …`), with changed-leader wording', async () => {
    const run = await drive(byEventTime(lineFixture('capnslog-3.3.jsonl', 'old')));
    const changes = ofType(run, 'etcd_leader_change').sort((a, b) => (a.details.term as number) - (b.details.term as number));
    expect(changes.map((f) => [f.details.term, f.details.leader, f.details.previous_leader, f.details.reporter_hosts])).toEqual([
      [2, '1c8a3cd6a4e1a8b2', null, ['e1', 'e2']],
      [3, '5b6d0c4e7f2a9d31', '1c8a3cd6a4e1a8b2', ['e1', 'e2']],
    ]);
    expect(changes[1].time).toBe('2018-12-18T18:40:04.121011Z');
    expect(changes[1].time_end).toBe('2018-12-18T18:40:04.125771Z');
  });

  it('a journald-wrapped and a syslog-wrapped line (message = the etcd line, app etcd)', async () => {
    const viaJournald = recordFromMessage(`raft2026/11/26 01:22:49 INFO: raft.node: ${B} elected leader ${A} at term 9`, {
      time: '2026-11-26T01:22:49.500Z', host: 'h2', app: 'etcd', source_format: 'journald', cluster: 'j',
    });
    const viaSyslog = recordFromMessage(`2026-11-26 01:22:49.401234 I | raft: ${A} became leader at term 9`, {
      time: '2026-11-26T01:22:49.401Z', host: 'h1', app: 'etcd', source_format: 'rfc3164', cluster: 'j',
    });
    const run = await drive([viaSyslog, viaJournald]);
    const [f] = ofType(run, 'etcd_leader_change');
    expect(f.details).toMatchObject({ term: 9, leader: A, reporters: [A, B].sort(), reporter_hosts: ['h1', 'h2'], leader_host: 'h1' });
    expect(f.cluster).toBe('j');
    expect(f.evidence.sort()).toEqual([viaSyslog.event_id, viaJournald.event_id].sort());
  });

  it('records with no cluster form one implicit cluster, reported as cluster null', async () => {
    const run = await drive([etcdRecord(`raft.node: ${B} elected leader ${A} at term 4`, '2026-11-26T01:00:00Z', 'h')]);
    const [f] = ofType(run, 'etcd_leader_change');
    expect(f.cluster).toBeNull();
    expect(f.summary).toMatch(/^etcd: leader changed to 8e9e05c52164694d at term 4/);
  });

  it('a member restarting into a stable cluster (same term) is not a leader change', async () => {
    const run = await drive([
      etcdRecord(`raft2026/11/26 02:00:00 INFO: newRaft ${C} [peers: [], term: 12, commit: 40, applied: 0, lastindex: 41, lastterm: 12]`, '2026-11-26T02:00:00Z', 'm3'),
      etcdRecord(`raft2026/11/26 02:00:01 INFO: ${C} became follower at term 12`, '2026-11-26T02:00:01Z', 'm3'),
      etcdRecord(`raft2026/11/26 02:00:01 INFO: raft.node: ${C} elected leader ${A} at term 12`, '2026-11-26T02:00:01Z', 'm3'),
    ]);
    expect(ofType(run, 'etcd_leader_change')).toHaveLength(0);
  });

  it('a member that restarts and finds a newer term reports a real change', async () => {
    const run = await drive([
      etcdRecord(`raft2026/11/26 02:00:00 INFO: newRaft ${C} [peers: [], term: 12, commit: 40, applied: 0, lastindex: 41, lastterm: 12]`, '2026-11-26T02:00:00Z', 'm3'),
      etcdRecord(`raft2026/11/26 02:00:01 INFO: raft.node: ${C} elected leader ${A} at term 14`, '2026-11-26T02:00:01Z', 'm3'),
    ]);
    expect(ofType(run, 'etcd_leader_change').map((f) => f.details.term)).toEqual([14]);
  });
});
