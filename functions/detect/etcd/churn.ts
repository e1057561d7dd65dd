import { formatMillis } from '../../shared/time.js';
import { findingId } from '../finding-id.js';
import type { Finding } from '../types.js';
import type { LeaderChange } from './changes.js';
import { clusterPrefix, type ClusterRef } from './change-finding.js';
import { hostsWith, type PrecursorSummary } from './precursors.js';
import type { PrecursorKind } from './signal.js';
import { byTime, type StartNote } from './state.js';

export interface ChurnRule {
  minChanges: number;
  windowMs: number;
}

/** Changes (sorted by time) that belong to one run of overlapping hot windows. */
export interface Episode {
  changes: LeaderChange[];
  startMs: number;
  endMs: number;
}

function byFirstReport(a: LeaderChange, b: LeaderChange): number {
  return a.firstMs - b.firstMs || a.term - b.term || (a.leader < b.leader ? -1 : 1);
}

/**
 * A hot window is `minChanges` consecutive changes within `windowMs` (etcd-mixin's
 * etcdHighNumberOfLeaderChanges: increase(leader_changes_seen_total[15m]) >= 4). Hot windows
 * that share a change are one episode, so a storm is one finding, not one per extra change.
 */
export function churnEpisodes(changes: readonly LeaderChange[], rule: ChurnRule): Episode[] {
  const sorted = [...changes].sort(byFirstReport);
  const k = Math.max(1, rule.minChanges);
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i + k - 1 < sorted.length; i++) {
    const j = i + k - 1;
    if (sorted[j].firstMs - sorted[i].firstMs > rule.windowMs) continue;
    const last = runs[runs.length - 1];
    if (last && i <= last.to) last.to = j;
    else runs.push({ from: i, to: j });
  }
  return runs.map(({ from, to }) => {
    const list = sorted.slice(from, to + 1);
    return { changes: list, startMs: list[0].firstMs, endMs: list[list.length - 1].firstMs };
  });
}

export function newEpisodeId(cluster: ClusterRef, episode: Episode): string {
  const first = episode.changes[0];
  return findingId('etcd_leader_churn', cluster.key, first.term, first.leader);
}

const DISK_WORDS: Array<[PrecursorKind, string]> = [
  ['slow_fdatasync', 'slow fdatasync'],
  ['journald_flush', 'journald flush'],
  ['journald_rotate', 'journald rotation'],
  ['journald_vacuum', 'journald vacuuming'],
  ['journald_restart', 'journald restart'],
];
const OVERLOAD_WORDS: Array<[PrecursorKind, string]> = [
  ['heartbeat_late', 'late heartbeats'],
  ['slow_apply', 'slow apply'],
  ['slow_read_index', 'slow ReadIndex'],
];
const JOURNALD: PrecursorKind[] = ['journald_flush', 'journald_rotate', 'journald_vacuum', 'journald_restart'];

function words(summary: PrecursorSummary, table: Array<[PrecursorKind, string]>): string[] {
  return table.filter(([k]) => (summary.totals[k] ?? 0) > 0).map(([, w]) => w);
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The likely cause, in words, from what the members and their hosts logged before and during
 * the episode. Disk I/O needs etcd's own slow-fdatasync warning, or journald disk activity
 * together with etcd overload warnings; journald activity alone is only "possibly".
 */
export function suspectedCause(summary: PrecursorSummary, episode: Episode, starts: readonly StartNote[]): string {
  const diskHosts = hostsWith(summary, ['slow_fdatasync', ...JOURNALD]);
  const overloadHosts = hostsWith(summary, ['heartbeat_late', 'slow_apply', 'slow_read_index']);
  const disk = words(summary, DISK_WORDS);
  const overload = words(summary, OVERLOAD_WORDS);
  const hasFsync = (summary.totals.slow_fdatasync ?? 0) > 0;
  const hasJournald = hostsWith(summary, JOURNALD).length > 0;
  const transfers = episode.changes.filter((c) => c.transfer).length;
  const planned: string[] = [];
  if (transfers > 0) planned.push(`${transfers} of ${episode.changes.length} changes were leadership transfers (etcdctl move-leader or member shutdown)`);
  if (starts.length > 0) {
    const where = [...new Set(starts.map((s) => s.host ?? s.node))].sort();
    planned.push(`etcd started ${starts.length} time(s) on ${where.join(', ')}`);
  }
  const symptoms = overload.length > 0 ? `; etcd also logged ${joinAnd(overload)} on ${overloadHosts.join(', ')}` : '';
  const also = planned.length > 0 ? `; also ${planned.join('; ')}` : '';
  if (hasFsync || (hasJournald && overload.length > 0)) return `disk I/O: ${joinAnd(disk)} on hosts ${diskHosts.join(', ')}${symptoms}${also}`;
  if (overload.length > 0) return `etcd overloaded (disk or CPU starvation): ${joinAnd(overload)} on hosts ${overloadHosts.join(', ')}${also}`;
  if (hasJournald) return `possibly disk I/O: ${joinAnd(disk)} on hosts ${diskHosts.join(', ')} (etcd logged no slow-disk warning)${also}`;
  if (planned.length > 0) return `member restarts and leadership transfers, no slow-disk or overload warnings: ${planned.join('; ')}`;
  return 'unknown';
}

export interface ChurnContext {
  cluster: ClusterRef;
  id: string;
  rule: ChurnRule;
  episode: Episode;
  precursors: PrecursorSummary;
  precursorFromMs: number;
  /** Member starts within the precursor window. */
  starts: StartNote[];
  /** Terms in the episode where members campaigned but no leader was reported. */
  leaderlessTerms: number[];
}

const MAX_EVIDENCE = 200;

export function churnFinding(c: ChurnContext): Finding {
  const { episode, precursors } = c;
  const evidence = [
    ...episode.changes.map((ch) => ({ id: ch.reports[0].id, t: ch.reports[0].t })),
    ...precursors.evidence,
  ].sort(byTime);
  const kept = evidence.slice(0, MAX_EVIDENCE);
  const firstChange = episode.changes[0];
  const lastChange = episode.changes[episode.changes.length - 1];
  const cause = suspectedCause(precursors, episode, c.starts);
  const spanSeconds = Math.round((episode.endMs - episode.startMs) / 1000);
  const terms = episode.changes.map((ch) => ch.term);
  return {
    finding_id: c.id,
    type: 'etcd_leader_churn',
    severity: 'warning',
    time: kept[0].t,
    time_end: kept.reduce((m, e) => (e.t > m ? e.t : m), kept[0].t),
    host: null,
    cluster: c.cluster.label,
    summary: `${clusterPrefix(c.cluster)}: ${episode.changes.length} leader changes in ${spanSeconds}s (terms ${terms[0]}-${terms[terms.length - 1]}); suspected cause: ${cause}`,
    details: {
      changes: episode.changes.length,
      window_seconds: c.rule.windowMs / 1000,
      min_changes: c.rule.minChanges,
      span_seconds: spanSeconds,
      first_change: firstChange.reports[0].t,
      last_change: lastChange.reports[0].t,
      terms,
      leaders: episode.changes.map((ch) => ch.leader),
      transfers: episode.changes.filter((ch) => ch.transfer).map((ch) => ch.term),
      leaderless_terms: c.leaderlessTerms,
      member_starts: c.starts.length,
      precursor_window: { from: formatMillis(c.precursorFromMs), to: lastChange.reports[0].t },
      precursors: precursors.byHost,
      precursor_totals: precursors.totals,
      precursor_counts_capped: precursors.capped,
      suspected_cause: cause,
    },
    evidence: [...new Set(kept.map((e) => e.id))],
    remediation:
      'Frequent leader changes stall Kubernetes writes. Check etcd disk latency (etcd_disk_wal_fsync_duration_seconds p99 < 10ms) ' +
      'on the hosts named; keep other heavy writers (journald flushes from log shippers, image pulls) off the etcd disk or give etcd ' +
      'a dedicated disk; check network latency between members; raise --heartbeat-interval/--election-timeout only after that.',
  };
}
