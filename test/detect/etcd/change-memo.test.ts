import { describe, expect, it } from 'vitest';
import { ChangeSignatures } from '../../../functions/detect/etcd/change-memo.js';
import { evaluate } from '../../../functions/detect/etcd/evaluate.js';
import { addLeadership, emptyLeadership, emptyPrecursors, type LeadershipState } from '../../../functions/detect/etcd/state.js';

const A = '8e9e05c52164694d';
const B = '91bc3c398fb3c146';
const cluster = { key: 'c', label: 'c' };
const rule = { minChanges: 4, windowMs: 900_000 };

function elected(state: LeadershipState, node: string, host: string, id: string, t: string): void {
  addLeadership(state, { type: 'leadership', kind: 'elected', node, leader: A, other: null, term: 3 }, { id, t, ms: Date.parse(t) }, host);
}

describe('etcd change signatures memo', () => {
  it('skips an unchanged change but re-emits when a reporter or the leader host changes', () => {
    const lead = emptyLeadership();
    const pre = emptyPrecursors();
    const signatures = new ChangeSignatures();
    const run = (): string[] => evaluate({ cluster, rule, watermarkMs: Date.parse('2026-11-26T01:05:00Z'), lead, pre, signatures }).findings.map((f) => `${f.details.reporters}|${f.details.leader_host}`);
    elected(lead, A, 'm1', 'e1', '2026-11-26T01:00:00.000000Z');
    expect(run()).toEqual([`${A}|m1`]);
    expect(run()).toEqual([]);
    elected(lead, B, 'm2', 'e2', '2026-11-26T01:00:01.000000Z');
    expect(run()).toEqual([`${[A, B].sort().join(',')}|m1`]);
    expect(run()).toEqual([]);
    lead.members[A] = 'm9';
    expect(run()).toEqual([`${[A, B].sort().join(',')}|m9`]);
    expect(run()).toEqual([]);
  });

  it('gives different keys to inputs that differ only in where a value ends', () => {
    const memo = new ChangeSignatures();
    const change = (leader: string, prev: string | null) => ({ term: 1, leader, reports: [], firstMs: 0, lastMs: 0, previousLeader: prev, transfer: false });
    expect(memo.key(cluster, change('ab', 'c'), null)).not.toBe(memo.key(cluster, change('a', 'bc'), null));
  });
});
