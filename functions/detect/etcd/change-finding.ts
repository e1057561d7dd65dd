import { findingId } from '../finding-id.js';
import type { Finding } from '../types.js';
import type { LeaderChange } from './changes.js';
import type { LeaderReport } from './state.js';

/** Where a finding's cluster label and its state key come from. */
export interface ClusterRef {
  /** State and id key: the record's cluster, or '' for records that name none. */
  key: string;
  /** As reported in findings: the record's cluster, or null. */
  label: string | null;
}

export function clusterPrefix(cluster: ClusterRef): string {
  return cluster.label === null ? 'etcd' : `etcd cluster ${cluster.label}`;
}

/**
 * One field of the reports, sorted and deduplicated, nulls left out. A loop, not per-call arrow
 * callbacks: their optimized code is dropped at each major GC and compiled again.
 */
function sortedUnique(reports: readonly LeaderReport[], field: 'node' | 'host' | 'id'): string[] {
  const values = new Set<string>();
  for (const r of reports) {
    const v = r[field];
    if (v !== null) values.add(v);
  }
  return [...values].sort();
}

export function changeFindingId(cluster: ClusterRef, change: Pick<LeaderChange, 'term' | 'leader'>): string {
  return findingId('etcd_leader_change', cluster.key, change.term, change.leader);
}

/** One finding per term that got a leader, however many members reported it. */
export function changeFinding(cluster: ClusterRef, change: LeaderChange, members: Record<string, string | null>): Finding {
  const first = change.reports[0];
  const last = change.reports[change.reports.length - 1];
  const reporters = sortedUnique(change.reports, 'node');
  const was = change.previousLeader === null ? '' : ` (was ${change.previousLeader})`;
  const how = change.transfer ? 'leadership transferred' : 'leader changed';
  return {
    finding_id: changeFindingId(cluster, change),
    type: 'etcd_leader_change',
    severity: 'info',
    time: first.t,
    time_end: last.t,
    host: null,
    cluster: cluster.label,
    summary: `${clusterPrefix(cluster)}: ${how} to ${change.leader} at term ${change.term}${was}; reported by ${reporters.length} member(s)`,
    details: {
      term: change.term,
      leader: change.leader,
      leader_host: members[change.leader] ?? null,
      previous_leader: change.previousLeader,
      reporters,
      reporter_hosts: sortedUnique(change.reports, 'host'),
      transfer: change.transfer,
    },
    evidence: sortedUnique(change.reports, 'id'),
    remediation:
      'A single election is normal during restarts, upgrades and planned transfers (etcdctl move-leader). ' +
      'If it was not planned, read the previous leader\'s etcd log and its host\'s disk latency around this time ' +
      '(slow fdatasync, missed heartbeats); repeated changes are reported as etcd_leader_churn.',
    status: 'open',
    last_seen: last.t,
  };
}
