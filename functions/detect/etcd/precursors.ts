import { formatMillis } from '../../shared/time.js';
import { PRECURSOR_KINDS, type PrecursorKind } from './signal.js';
import { byTime, MAX_PER_BUCKET, parseBucketKey, type LeadershipState, type PrecursorState } from './state.js';

const ETCD_KINDS: ReadonlySet<PrecursorKind> = new Set(['heartbeat_late', 'slow_fdatasync', 'slow_apply', 'slow_read_index']);
/** Evidence kept per host and kind: the earliest lines are the ones that explain. */
const EVIDENCE_PER_HOST_KIND = 5;

export type KindCounts = Partial<Record<PrecursorKind, number>>;

export interface PrecursorSummary {
  byHost: Record<string, KindCounts>;
  totals: KindCounts;
  /** The longest stall the lines of each host and kind stated (ms), to the minute of the window's edges. */
  longestMs: Record<string, KindCounts>;
  /** Some minute held more lines than are kept: counts are lower bounds. */
  capped: boolean;
  evidence: Array<{ id: string; t: string }>;
}

/** Hosts that run etcd in this cluster: they logged raft leadership lines or etcd's own warnings. */
export function etcdHosts(lead: LeadershipState, pre: PrecursorState): Set<string> {
  const hosts = new Set<string>();
  for (const h of Object.values(lead.members)) if (h !== null) hosts.add(h);
  for (const s of lead.starts) if (s.host !== null) hosts.add(s.host);
  for (const key of Object.keys(pre.buckets)) {
    const { host, kind } = parseBucketKey(key);
    if (ETCD_KINDS.has(kind)) hosts.add(host);
  }
  return hosts;
}

/** Counts the precursor lines with fromMs <= time <= toMs on the given hosts. */
export function summarizePrecursors(pre: PrecursorState, hosts: ReadonlySet<string>, fromMs: number, toMs: number): PrecursorSummary {
  const byHost: Record<string, KindCounts> = {};
  const totals: KindCounts = {};
  const perHostKind = new Map<string, Array<{ id: string; t: string }>>();
  const longestMs: Record<string, KindCounts> = {};
  let capped = false;
  // fromMs <= ms(t) <= toMs, with ms(t) the time truncated to the millisecond as Date.parse reads it.
  const fromText = formatMillis(fromMs);
  const afterText = formatMillis(toMs + 1);
  for (const key of Object.keys(pre.buckets).sort()) {
    const { host, kind, startMs } = parseBucketKey(key);
    if (!hosts.has(host) || startMs > toMs || startMs + 60_000 <= fromMs) continue;
    const entries = Object.entries(pre.buckets[key]);
    if (entries.length >= MAX_PER_BUCKET) capped = true;
    const longest = pre.longestMs?.[key];
    if (longest !== undefined) {
      const byKind = (longestMs[host] ??= {});
      byKind[kind] = Math.max(byKind[kind] ?? 0, longest);
    }
    for (const [id, t] of entries) {
      // Record times are one fixed RFC 3339 shape, so strings compare as times (no Date.parse per line).
      if (t < fromText || t >= afterText) continue;
      const counts = (byHost[host] ??= {});
      counts[kind] = (counts[kind] ?? 0) + 1;
      totals[kind] = (totals[kind] ?? 0) + 1;
      const hk = `${host}\u001f${kind}`;
      const list = perHostKind.get(hk) ?? [];
      list.push({ id, t });
      perHostKind.set(hk, list);
    }
  }
  const evidence: Array<{ id: string; t: string }> = [];
  for (const list of perHostKind.values()) {
    list.sort(byTime);
    evidence.push(...list.slice(0, EVIDENCE_PER_HOST_KIND));
  }
  const byHostOrdered: Record<string, KindCounts> = {};
  for (const host of Object.keys(byHost).sort()) byHostOrdered[host] = ordered(byHost[host]);
  const longestOrdered: Record<string, KindCounts> = {};
  for (const host of Object.keys(longestMs).sort()) {
    // Only for kinds with lines inside the window (a bucket may straddle its edge).
    const inWindow: KindCounts = {};
    for (const [kind, ms] of Object.entries(longestMs[host]) as Array<[PrecursorKind, number]>) if (byHost[host]?.[kind]) inWindow[kind] = ms;
    if (Object.keys(inWindow).length > 0) longestOrdered[host] = ordered(inWindow);
  }
  return { byHost: byHostOrdered, totals: ordered(totals), longestMs: longestOrdered, capped, evidence };
}

/** Counts in PRECURSOR_KINDS order, so the output does not depend on input order. */
function ordered(counts: KindCounts): KindCounts {
  const out: KindCounts = {};
  for (const kind of PRECURSOR_KINDS) if (counts[kind]) out[kind] = counts[kind];
  return out;
}

/** Hosts (sorted) with at least one line of any of these kinds. */
export function hostsWith(summary: PrecursorSummary, kinds: readonly PrecursorKind[]): string[] {
  // A loop, not per-call arrow callbacks: their optimized code is dropped at each major GC.
  const hosts: string[] = [];
  for (const h of Object.keys(summary.byHost)) if (hasAnyKind(summary.byHost[h], kinds)) hosts.push(h);
  return hosts;
}

function hasAnyKind(counts: KindCounts, kinds: readonly PrecursorKind[]): boolean {
  for (const k of kinds) if ((counts[k] ?? 0) > 0) return true;
  return false;
}
