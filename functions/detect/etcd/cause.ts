import { formatDurationMs } from './go-duration.js';
import type { Episode } from './churn.js';
import { hostsWith, type PrecursorSummary } from './precursors.js';
import type { PrecursorKind } from './signal.js';
import type { StartNote } from './state.js';

/**
 * The suspected cause of a churn episode, from what the leaders' hosts logged. The rule
 * (docs/detectors/etcd.md, "Suspected cause"):
 *  - the disk is named only on disk evidence on a host that led during the episode: etcd's own
 *    slow fdatasync / WAL sync warnings, journald flushing, rotating or vacuuming, or the
 *    kernel's storage stalls. etcd's "leader is overloaded likely from slow disk" is etcd's guess,
 *    not evidence, so late heartbeats alone never name the disk;
 *  - otherwise the cause says what the evidence shows: which leader stalled (late heartbeats,
 *    and by how much), where apply was slow, which leaders were lost, and what to look at.
 */
export type CauseKind = 'disk' | 'stall' | 'planned' | 'unexplained';

export interface SuspectedCause {
  kind: CauseKind;
  text: string;
  /** The hosts the cause points at. */
  hosts: string[];
  /** Leaders that lost leadership (not by transfer), with how often. */
  lostLeaders: Array<{ member: string; host: string | null; times: number }>;
}

const DISK_KINDS: PrecursorKind[] = ['slow_fdatasync', 'disk_latency', 'journald_flush', 'journald_rotate', 'journald_vacuum'];

const WORDS: Partial<Record<PrecursorKind, string>> = {
  slow_fdatasync: 'slow fdatasync',
  disk_latency: 'kernel I/O stalls',
  journald_flush: 'journald flush',
  journald_rotate: 'journald rotation',
  journald_vacuum: 'journald vacuuming',
  heartbeat_late: 'late heartbeats',
  slow_apply: 'slow apply',
  slow_read_index: 'slow ReadIndex',
};

const PAUSES = 'CPU throttling and steal, GC or process pauses (process stop, VM pause)';

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Longest duration stated for `kind` on these hosts, or null. */
function longest(summary: PrecursorSummary, hosts: readonly string[], kind: PrecursorKind): number | null {
  let max: number | null = null;
  for (const h of hosts) {
    const ms = summary.longestMs[h]?.[kind];
    if (ms !== undefined && (max === null || ms > max)) max = ms;
  }
  return max;
}

// Plain loops and module-level helpers in this file rather than per-call arrow callbacks: a
// closure made per call loses its optimized code at each major GC and is compiled again.

function count(summary: PrecursorSummary, hosts: readonly string[], kind: PrecursorKind): number {
  let n = 0;
  for (const h of hosts) n += summary.byHost[h]?.[kind] ?? 0;
  return n;
}

/** `slow fdatasync (up to 1.5s)` for each kind seen on these hosts. */
function described(summary: PrecursorSummary, hosts: readonly string[], kinds: readonly PrecursorKind[]): string[] {
  const out: string[] = [];
  for (const k of kinds) {
    if (!(count(summary, hosts, k) > 0)) continue;
    const ms = longest(summary, hosts, k);
    out.push(ms === null ? WORDS[k]! : `${WORDS[k]} (up to ${formatDurationMs(ms)})`);
  }
  return out;
}

function sortedUnique(values: readonly (string | null)[]): string[] {
  const unique = new Set<string>();
  for (const v of values) if (v !== null) unique.add(v);
  return [...unique].sort();
}

/** The host a member logs from, or null. */
function hostOf(members: Record<string, string | null>, m: string | null): string | null {
  return m === null ? null : (members[m] ?? null);
}

/** Hosts of every leader lost and every leader elected in the episode (null when unknown). */
function leaderHostsOf(episode: Episode, members: Record<string, string | null>): Array<string | null> {
  const hosts: Array<string | null> = [];
  for (const c of episode.changes) hosts.push(hostOf(members, c.previousLeader), hostOf(members, c.leader));
  return hosts;
}

type LostLeader = SuspectedCause['lostLeaders'][number];

function byMember(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : 1;
}

/** Leaders that lost leadership (not by transfer), by member id, with how often. */
function lostLeadersOf(episode: Episode, members: Record<string, string | null>): LostLeader[] {
  const lost = new Map<string, number>();
  for (const c of episode.changes) if (!c.transfer && c.previousLeader !== null) lost.set(c.previousLeader, (lost.get(c.previousLeader) ?? 0) + 1);
  const out: LostLeader[] = [];
  for (const [member, times] of [...lost].sort(byMember)) out.push({ member, host: hostOf(members, member), times });
  return out;
}

function hostsOfLost(lostLeaders: readonly LostLeader[]): Array<string | null> {
  const hosts: Array<string | null> = [];
  for (const l of lostLeaders) hosts.push(l.host);
  return hosts;
}

/** Member ids (sorted) that log from `host`. */
function membersOn(members: Record<string, string | null>, host: string): string[] {
  const ids: string[] = [];
  for (const m of Object.keys(members)) if (members[m] === host) ids.push(m);
  return ids.sort();
}

/** `2b3c4d5e6f708192 on cp2`, or the host or member alone when only one is known. */
function memberAt(member: string | null, host: string | null): string {
  if (member !== null && host !== null) return `${member} on ${host}`;
  return member ?? host ?? 'an unknown member';
}

export function suspectedCause(summary: PrecursorSummary, episode: Episode, starts: readonly StartNote[], members: Record<string, string | null>): SuspectedCause {
  // Hosts that led during the episode: every leader lost and every leader elected.
  const leaderHosts = sortedUnique(leaderHostsOf(episode, members));
  const lostLeaders = lostLeadersOf(episode, members);

  const planned = plannedNotes(episode, starts);
  const also = planned.length > 0 ? `; also ${planned.join('; ')}` : '';
  const overloadHosts = hostsWith(summary, ['heartbeat_late', 'slow_apply', 'slow_read_index']);
  const overload = described(summary, overloadHosts, ['heartbeat_late', 'slow_apply', 'slow_read_index']);

  const diskHosts: string[] = [];
  for (const h of hostsWith(summary, DISK_KINDS)) if (leaderHosts.includes(h)) diskHosts.push(h);
  if (diskHosts.length > 0) {
    const symptoms = overload.length > 0 ? `; etcd also logged ${joinAnd(overload)} on ${overloadHosts.join(', ')}` : '';
    const text = `disk I/O: ${joinAnd(described(summary, diskHosts, DISK_KINDS))} on hosts ${diskHosts.join(', ')}${symptoms}${also}`;
    return { kind: 'disk', text, hosts: diskHosts, lostLeaders };
  }

  const lostText = lostLeaders.length > 0 ? `leaders lost: ${lostList(lostLeaders)}` : '';
  const stalledHosts = hostsWith(summary, ['heartbeat_late']);
  if (overload.length > 0) {
    const parts: string[] = [];
    for (const host of stalledHosts) {
      const ids = membersOn(members, host);
      const ms = longest(summary, [host], 'heartbeat_late');
      const n = count(summary, [host], 'heartbeat_late');
      const late = ms === null ? `sent heartbeats late (${n} warning(s))` : `sent heartbeats up to ${formatDurationMs(ms)} late (${n} warning(s))`;
      parts.push(`leader ${memberAt(ids.length > 0 ? ids.join('/') : null, host)} stalled: ${late}`);
    }
    const others = described(summary, overloadHosts, ['slow_apply', 'slow_read_index']);
    const otherHosts = hostsWith(summary, ['slow_apply', 'slow_read_index']);
    if (others.length > 0) parts.push(`${joinAnd(others)} on ${otherHosts.join(', ')}`);
    if (lostText !== '') parts.push(lostText);
    const hosts = sortedUnique([...overloadHosts, ...hostsOfLost(lostLeaders)]);
    parts.push(`look at ${PAUSES} on ${hosts.join(', ')}`);
    return { kind: 'stall', text: `${parts.join('; ')}${also}`, hosts, lostLeaders };
  }
  if (planned.length > 0) {
    const text = `member restarts and leadership transfers, no warnings from etcd: ${planned.join('; ')}${lostText === '' ? '' : `; ${lostText}`}`;
    return { kind: 'planned', text, hosts: [], lostLeaders };
  }
  const hosts = sortedUnique(hostsOfLost(lostLeaders));
  const where = hosts.length > 0 ? ` on ${hosts.join(', ')}` : '';
  const text = lostText === ''
    ? 'unexplained: etcd logged no warnings before the leader changes'
    : `unexplained: ${lostText}, with no warning logged before; a leader that stops answering for an election timeout is replaced, so look at ${PAUSES}${where}, and the network between members`;
  return { kind: 'unexplained', text, hosts, lostLeaders };
}

/** `2b3c4d5e6f708192 on cp2 (2×), …`. */
function lostList(lostLeaders: readonly LostLeader[]): string {
  const parts: string[] = [];
  for (const l of lostLeaders) parts.push(`${memberAt(l.member, l.host)} (${l.times}×)`);
  return parts.join(', ');
}

function plannedNotes(episode: Episode, starts: readonly StartNote[]): string[] {
  const out: string[] = [];
  let transfers = 0;
  for (const c of episode.changes) if (c.transfer) transfers++;
  if (transfers > 0) out.push(`${transfers} of ${episode.changes.length} changes were leadership transfers (etcdctl move-leader or member shutdown)`);
  if (starts.length > 0) {
    const places = new Set<string>();
    for (const s of starts) places.add(s.host ?? s.node);
    const where = [...places].sort();
    out.push(`etcd started ${starts.length} time(s) on ${where.join(', ')}`);
  }
  return out;
}

const DISK_REMEDIATION =
  'Frequent leader changes stall Kubernetes writes. Check etcd disk latency (etcd_disk_wal_fsync_duration_seconds p99 < 10ms) ' +
  'on the hosts named; keep other heavy writers (journald flushes from log shippers, image pulls) off the etcd disk or give etcd ' +
  'a dedicated disk; check network latency between members; raise --heartbeat-interval/--election-timeout only after that.';

const STALL_REMEDIATION =
  'Frequent leader changes stall Kubernetes writes. The leaders named stopped answering in time with no sign of slow storage: ' +
  'on their hosts look for CPU throttling (the etcd container\'s CPU limit, cgroup cpu.stat nr_throttled), CPU steal (VM over-commit), ' +
  'process or VM pauses (SIGSTOP, live migration, snapshots, swapping) and long GC pauses; give etcd guaranteed CPU, check network ' +
  'latency between members, and raise --heartbeat-interval/--election-timeout only after that.';

const PLANNED_REMEDIATION =
  'Leader changes from member restarts and etcdctl move-leader are expected during maintenance. If none was planned, find what ' +
  'restarted etcd (OOM kills, failed liveness probes, node reboots) in the hosts\' logs.';

export function remediationFor(kind: CauseKind): string {
  return kind === 'disk' ? DISK_REMEDIATION : kind === 'planned' ? PLANNED_REMEDIATION : STALL_REMEDIATION;
}
