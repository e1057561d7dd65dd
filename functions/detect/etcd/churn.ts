import { formatMillis } from '../../shared/time.js';
import { findingId } from '../finding-id.js';
import type { Finding } from '../types.js';
import type { LeaderChange } from './changes.js';
import { clusterPrefix, type ClusterRef } from './change-finding.js';
import { remediationFor, suspectedCause } from './cause.js';
import type { PrecursorSummary } from './precursors.js';
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
  const episodes: Episode[] = [];
  for (const { from, to } of runs) {
    const list = sorted.slice(from, to + 1);
    episodes.push({ changes: list, startMs: list[0].firstMs, endMs: list[list.length - 1].firstMs });
  }
  return episodes;
}

export function newEpisodeId(cluster: ClusterRef, episode: Episode): string {
  const first = episode.changes[0];
  return findingId('etcd_leader_churn', cluster.key, first.term, first.leader);
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
  /** Member id -> host. */
  members: Record<string, string | null>;
}

const MAX_EVIDENCE = 200;

// Plain loops and module-level helpers below rather than per-call arrow callbacks: a closure
// made per call loses its optimized code at each major GC and is compiled again.

/** Each change's first report, then the precursor lines, sorted by time. */
function churnEvidence(changes: readonly LeaderChange[], precursors: PrecursorSummary): Array<{ id: string; t: string }> {
  const evidence: Array<{ id: string; t: string }> = [];
  for (const ch of changes) evidence.push({ id: ch.reports[0].id, t: ch.reports[0].t });
  for (const e of precursors.evidence) evidence.push(e);
  return evidence.sort(byTime);
}

/** The latest time of a non-empty evidence list. */
function latestTime(evidence: ReadonlyArray<{ t: string }>): string {
  let latest = evidence[0].t;
  for (const e of evidence) if (e.t > latest) latest = e.t;
  return latest;
}

/** Evidence ids, first occurrence kept, in list order. */
function uniqueIds(evidence: ReadonlyArray<{ id: string }>): string[] {
  const ids = new Set<string>();
  for (const e of evidence) ids.add(e.id);
  return [...ids];
}

export function churnFinding(c: ChurnContext): Finding {
  const { episode, precursors } = c;
  const kept = churnEvidence(episode.changes, precursors).slice(0, MAX_EVIDENCE);
  const firstChange = episode.changes[0];
  const lastChange = episode.changes[episode.changes.length - 1];
  const cause = suspectedCause(precursors, episode, c.starts, c.members);
  const spanSeconds = Math.round((episode.endMs - episode.startMs) / 1000);
  const terms: number[] = [];
  const leaders: string[] = [];
  const transfers: number[] = [];
  for (const ch of episode.changes) {
    terms.push(ch.term);
    leaders.push(ch.leader);
    if (ch.transfer) transfers.push(ch.term);
  }
  const lastSeen = latestTime(kept);
  return {
    finding_id: c.id,
    type: 'etcd_leader_churn',
    severity: 'warning',
    time: kept[0].t,
    time_end: lastSeen,
    host: null,
    cluster: c.cluster.label,
    summary: `${clusterPrefix(c.cluster)}: ${episode.changes.length} leader changes in ${spanSeconds}s (terms ${terms[0]}-${terms[terms.length - 1]}); suspected cause: ${cause.text}`,
    details: {
      changes: episode.changes.length,
      window_seconds: c.rule.windowMs / 1000,
      min_changes: c.rule.minChanges,
      span_seconds: spanSeconds,
      first_change: firstChange.reports[0].t,
      last_change: lastChange.reports[0].t,
      terms,
      leaders,
      transfers,
      leaderless_terms: c.leaderlessTerms,
      member_starts: c.starts.length,
      precursor_window: { from: formatMillis(c.precursorFromMs), to: lastChange.reports[0].t },
      precursors: precursors.byHost,
      precursor_totals: precursors.totals,
      precursor_longest_ms: precursors.longestMs,
      precursor_counts_capped: precursors.capped,
      lost_leaders: cause.lostLeaders,
      suspected_cause: cause.text,
      suspected_cause_kind: cause.kind,
      suspected_cause_hosts: cause.hosts,
    },
    evidence: uniqueIds(kept),
    remediation: remediationFor(cause.kind),
    status: 'open',
    last_seen: lastSeen,
  };
}
