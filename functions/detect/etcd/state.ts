import type { LeadershipSignal, PrecursorKind } from './signal.js';

/**
 * Per-cluster state, kept in the StateStore under two keys so the frequent slow-disk warnings
 * do not rewrite the leadership record. Every list is a set keyed by event_id (a replayed or
 * duplicated record changes nothing) and every list is capped.
 */

/** One record, as evidence: its event_id, its event time (record format) and that time in ms. */
export interface Stamp {
  id: string;
  t: string;
  ms: number;
}

/** A member's report that `leader` leads `term`: elected, changed (with `from`), or became leader. */
export interface LeaderReport extends Stamp {
  kind: 'elected' | 'changed' | 'became_leader';
  node: string;
  host: string | null;
  leader: string;
  from: string | null;
}

export interface TermEntry {
  term: number;
  reports: LeaderReport[];
  /** `raft.node: <node> lost leader <lost> at term <term>`. */
  lost: Array<Stamp & { node: string; lost: string }>;
  /** Members that campaigned in this term (`became candidate at term <term>`). */
  candidates: Array<Stamp & { node: string }>;
  /** Signature of the last emitted change finding, by leader. */
  emitted: Record<string, string>;
}

/** A leadership transfer towards `to`: raft (with the term it started in) or etcdserver (no term). */
export interface TransferNote extends Stamp {
  node: string | null;
  to: string;
  term: number | null;
}

/** raft's `newRaft <node> [peers: …, term: <term>, …]`: the member (re)started at this term. */
export interface StartNote extends Stamp {
  node: string;
  host: string | null;
  term: number;
}

export interface EpisodeRecord {
  id: string;
  startMs: number;
  endMs: number;
  /** Signature of the last version emitted. */
  emitted: string | null;
  /** `changes:endMs` of the episode when last evaluated: while open, only growth is re-emitted. */
  grownTo?: string | null;
}

export interface LeadershipState {
  terms: Record<string, TermEntry>;
  transfers: TransferNote[];
  starts: StartNote[];
  /** Member id -> the host it logs from (last seen). */
  members: Record<string, string | null>;
  episodes: EpisodeRecord[];
  /** Terms up to this one were pruned: later reports of them are restarts or too late, not changes. */
  prunedThroughTerm: number;
  /** Notes older than this were pruned; later-arriving ones are ignored. */
  prunedBeforeMs: number;
}

/** Slow-disk warnings, bucketed by host, kind and minute: event_id -> event time. */
export interface PrecursorState {
  buckets: Record<string, Record<string, string>>;
  /** Per bucket, the longest duration its lines stated (ms); absent when none stated one. */
  longestMs?: Record<string, number>;
  prunedBeforeMs: number;
}

export const MAX_REPORTS_PER_TERM = 32;
export const MAX_NOTES_PER_TERM = 16;
export const MAX_TRANSFERS = 64;
export const MAX_STARTS = 64;
export const MAX_MEMBERS = 64;
export const MAX_TERMS = 512;
/** Precursor lines kept per host, kind and minute; beyond this a count is a lower bound. */
export const MAX_PER_BUCKET = 50;
export const MAX_BUCKETS = 4096;
const MINUTE_MS = 60_000;

export function emptyLeadership(): LeadershipState {
  return { terms: {}, transfers: [], starts: [], members: {}, episodes: [], prunedThroughTerm: -1, prunedBeforeMs: Number.NEGATIVE_INFINITY };
}

export function emptyPrecursors(): PrecursorState {
  return { buckets: {}, prunedBeforeMs: Number.NEGATIVE_INFINITY };
}

function hasId(list: readonly Stamp[], id: string): boolean {
  for (const s of list) if (s.id === id) return true;
  return false;
}

/** Adds to a capped, time-ordered set; returns false when it was already there (or is dropped). */
function addCapped<T extends Stamp>(list: T[], item: T, cap: number): boolean {
  if (hasId(list, item.id)) return false;
  list.push(item);
  list.sort(byTime);
  if (list.length > cap) list.splice(cap);
  return list.includes(item);
}

/** Record times are RFC 3339 UTC with six fractional digits: as strings they sort by time, to the µs. */
export function byTime(a: Pick<Stamp, 'id' | 't'>, b: Pick<Stamp, 'id' | 't'>): number {
  return a.t < b.t ? -1 : a.t > b.t ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Orders term entries by term (numeric). */
export function byTerm(a: Pick<TermEntry, 'term'>, b: Pick<TermEntry, 'term'>): number {
  return a.term - b.term;
}

function termEntry(state: LeadershipState, term: number): TermEntry {
  const key = String(term);
  let entry = state.terms[key];
  if (!entry) {
    entry = { term, reports: [], lost: [], candidates: [], emitted: {} };
    state.terms[key] = entry;
  }
  return entry;
}

function noteMember(state: LeadershipState, node: string | null, host: string | null): boolean {
  if (node === null || (node in state.members && state.members[node] === host)) return false;
  if (!(node in state.members) && Object.keys(state.members).length >= MAX_MEMBERS) return false;
  state.members[node] = host;
  return true;
}

/** Whether some member already reported `leader` for `term` (the change is known). */
export function reportsLeader(state: LeadershipState, term: number | null, leader: string | null): boolean {
  if (term === null || leader === null) return false;
  const entry = state.terms[String(term)];
  if (entry === undefined) return false;
  for (const r of entry.reports) if (r.leader === leader) return true;
  return false;
}

/** Applies one leadership line to the state; returns whether anything changed. Idempotent. */
export function addLeadership(state: LeadershipState, sig: LeadershipSignal, stamp: Stamp, host: string | null): boolean {
  if (stamp.ms < state.prunedBeforeMs) return false;
  let changed = noteMember(state, sig.node, host);
  const term = sig.term;
  switch (sig.kind) {
    case 'elected':
    case 'changed':
    case 'became_leader': {
      if (term === null || term <= state.prunedThroughTerm || sig.node === null || sig.leader === null) return changed;
      const report: LeaderReport = { ...stamp, kind: sig.kind, node: sig.node, host, leader: sig.leader, from: sig.kind === 'changed' ? sig.other : null };
      return addCapped(termEntry(state, term).reports, report, MAX_REPORTS_PER_TERM) || changed;
    }
    case 'lost':
      if (term === null || term <= state.prunedThroughTerm || sig.node === null || sig.other === null) return changed;
      return addCapped(termEntry(state, term).lost, { ...stamp, node: sig.node, lost: sig.other }, MAX_NOTES_PER_TERM) || changed;
    case 'became_candidate':
      if (term === null || term <= state.prunedThroughTerm || sig.node === null) return changed;
      return addCapped(termEntry(state, term).candidates, { ...stamp, node: sig.node }, MAX_NOTES_PER_TERM) || changed;
    case 'transfer_start':
    case 'timeout_now':
      if (sig.leader === null) return changed;
      return addCapped(state.transfers, { ...stamp, node: sig.node, to: sig.leader, term }, MAX_TRANSFERS) || changed;
    case 'member_start':
      if (term === null || sig.node === null) return changed;
      return addCapped(state.starts, { ...stamp, node: sig.node, host, term }, MAX_STARTS) || changed;
    default:
      // Follower, pre-candidate and election-start lines say nothing a change or churn finding needs.
      return changed;
  }
}

export function bucketKey(host: string, kind: PrecursorKind, ms: number): string {
  return `${host}\u001f${kind}\u001f${Math.floor(ms / MINUTE_MS)}`;
}

export function parseBucketKey(key: string): { host: string; kind: PrecursorKind; startMs: number } {
  const [host, kind, minute] = key.split('\u001f');
  return { host, kind: kind as PrecursorKind, startMs: Number(minute) * MINUTE_MS };
}

/** parseBucketKey(key).startMs without splitting the key (evaluation reads every bucket's start each batch). */
export function bucketStartMs(key: string): number {
  const a = key.indexOf('\u001f');
  const b = a < 0 ? -1 : key.indexOf('\u001f', a + 1);
  if (b < 0) return Number.NaN;
  const c = key.indexOf('\u001f', b + 1);
  return Number(c < 0 ? key.slice(b + 1) : key.slice(b + 1, c)) * MINUTE_MS;
}

/**
 * Adds one precursor line and the duration it states; returns whether anything changed.
 * Idempotent: the lines are a set and the duration a maximum, so a line a full bucket does not
 * keep still counts for the longest stall.
 */
export function addPrecursor(state: PrecursorState, kind: PrecursorKind, stamp: Stamp, host: string, durationMs?: number): boolean {
  if (stamp.ms < state.prunedBeforeMs) return false;
  const key = bucketKey(host, kind, stamp.ms);
  let bucket = state.buckets[key];
  if (!bucket) {
    if (Object.keys(state.buckets).length >= MAX_BUCKETS) dropOldestBucket(state);
    bucket = state.buckets[key] = {};
  }
  const longer = durationMs !== undefined && durationMs > (state.longestMs?.[key] ?? -1);
  if (longer) (state.longestMs ??= {})[key] = durationMs;
  return addLine(bucket, stamp) || longer;
}

function addLine(bucket: Record<string, string>, stamp: Stamp): boolean {
  if (stamp.id in bucket) return false;
  // A full bucket keeps its earliest lines (time, then id), whatever order they came in.
  if (Object.keys(bucket).length >= MAX_PER_BUCKET) {
    const last = latestEntry(bucket);
    if (stamp.t > last.t || (stamp.t === last.t && stamp.id > last.id)) return false;
    delete bucket[last.id];
  }
  bucket[stamp.id] = stamp.t;
  return true;
}

function latestEntry(bucket: Record<string, string>): { id: string; t: string } {
  let id = '';
  let t = '';
  for (const [k, v] of Object.entries(bucket)) {
    if (v > t || (v === t && k > id)) {
      id = k;
      t = v;
    }
  }
  return { id, t };
}

function dropOldestBucket(state: PrecursorState): void {
  let oldest: string | null = null;
  let oldestMs = Number.POSITIVE_INFINITY;
  for (const key of Object.keys(state.buckets)) {
    const { startMs } = parseBucketKey(key);
    if (startMs < oldestMs) {
      oldestMs = startMs;
      oldest = key;
    }
  }
  if (oldest !== null) deleteBucket(state, oldest);
}

export function deleteBucket(state: PrecursorState, key: string): void {
  delete state.buckets[key];
  if (state.longestMs) delete state.longestMs[key];
}
