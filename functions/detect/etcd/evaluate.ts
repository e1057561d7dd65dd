import { eventIdFor } from '../../pipeline/event-id.js';
import type { Finding } from '../types.js';
import { changeFinding, type ClusterRef } from './change-finding.js';
import type { ChangeSignatures } from './change-memo.js';
import { leaderChanges, type LeaderChange } from './changes.js';
import { churnEpisodes, churnFinding, newEpisodeId, type ChurnRule, type Episode } from './churn.js';
import { etcdHosts, summarizePrecursors } from './precursors.js';
import { bucketStartMs, byTerm, deleteBucket, MAX_TERMS, type EpisodeRecord, type LeadershipState, type PrecursorState, type StartNote, type TermEntry } from './state.js';

export interface EvaluateInput {
  cluster: ClusterRef;
  rule: ChurnRule;
  /** Event time behind which no more input is expected; +Infinity at end of input. */
  watermarkMs: number;
  lead: LeadershipState;
  pre: PrecursorState;
  /** Signatures of change findings already built, so an unchanged one is not rebuilt to be compared. */
  signatures?: ChangeSignatures;
}

/**
 * Emits what is due and prunes what no open window can need. Mutates the states (emitted
 * signatures, episode records, pruning); the caller writes them back.
 *  - a change is emitted once the watermark passes its last report (other members' reports of
 *    the same election arrive within the allowed lateness);
 *  - a churn episode is emitted as soon as `minChanges` changes fall within the window, so the
 *    first version goes out in the batch that crossed the threshold; it is re-emitted under the
 *    same id when it gains a change while open, and once more when it closes if it changed.
 * Anything already emitted is re-emitted, same id, only when input changed it.
 */
export function evaluate(input: EvaluateInput): Evaluation {
  const { cluster, rule, watermarkMs, lead, pre, signatures } = input;
  const changes = leaderChanges(lead);
  const out: Finding[] = [];
  let nextDueMs = Number.POSITIVE_INFINITY;
  for (const change of changes) {
    if (change.lastMs > watermarkMs) {
      nextDueMs = Math.min(nextDueMs, change.lastMs);
      continue;
    }
    const entry = lead.terms[String(change.term)];
    const emitted = entry.emitted[change.leader] ?? null;
    const key = signatures?.key(cluster, change, lead.members[change.leader] ?? null);
    if (key !== undefined && emitted !== null && signatures!.get(key) === emitted) continue;
    const finding = changeFinding(cluster, change, lead.members);
    const sig = signature(finding);
    if (key !== undefined) signatures!.set(key, sig);
    if (sig !== emitted) {
      entry.emitted[change.leader] = sig;
      out.push(finding);
    }
  }
  // An episode is reported as soon as it exists (the threshold is crossed), not when its window
  // closes. While open it is re-emitted, same id, only when it gains a change; once closed (a
  // full window past its last change, or end of input) it is emitted once more if anything else
  // (precursors, late reports) changed it. Fewer versions, and an open storm is not rebuilt at
  // every watermark step.
  const episodes = churnEpisodes(changes, rule);
  for (const episode of episodes) {
    const record = episodeRecord(lead, cluster, episode);
    const open = episode.endMs + rule.windowMs >= watermarkMs && watermarkMs !== Number.POSITIVE_INFINITY;
    const growth = `${episode.changes.length}:${episode.endMs}`;
    if (open) {
      nextDueMs = Math.min(nextDueMs, episode.endMs + rule.windowMs + 1);
      if (record.emitted !== null && record.grownTo === growth) continue;
    }
    const finding = churnFor(input, changes, episode, record.id);
    record.grownTo = growth;
    const sig = signature(finding);
    if (sig !== record.emitted) {
      record.emitted = sig;
      out.push(finding);
    }
  }
  if (Number.isFinite(watermarkMs)) prune(lead, pre, episodes, watermarkMs - 2 * rule.windowMs, rule.windowMs);
  return { findings: out, nextDueMs: Math.min(nextDueMs, oldestMs(lead, pre) + 3 * rule.windowMs) };
}

export interface Evaluation {
  findings: Finding[];
  /** Until the watermark reaches this, evaluating again without new input changes nothing (bar pruning). */
  nextDueMs: number;
}

/** The oldest time anything in the state stands for: pruning is due some windows after it. */
function oldestMs(lead: LeadershipState, pre: PrecursorState): number {
  let oldest = Number.POSITIVE_INFINITY;
  const lists: Array<readonly { ms: number }[]> = [lead.transfers, lead.starts];
  for (const e of Object.values(lead.terms)) lists.push(e.reports, e.lost, e.candidates);
  for (const list of lists) for (const s of list) if (s.ms < oldest) oldest = s.ms;
  for (const key in pre.buckets) oldest = Math.min(oldest, bucketStartMs(key));
  return oldest;
}

/** What was emitted, as a hash: state keeps one per finding, and a churn finding's JSON is kilobytes. */
function signature(f: Finding): string {
  return eventIdFor(JSON.stringify(f));
}

/** The record of an episode: one already emitted that it overlaps keeps its id. */
function episodeRecord(lead: LeadershipState, cluster: ClusterRef, episode: Episode): EpisodeRecord {
  let record = overlapping(lead.episodes, episode);
  if (!record) {
    record = { id: newEpisodeId(cluster, episode), startMs: episode.startMs, endMs: episode.endMs, emitted: null, grownTo: null };
    lead.episodes.push(record);
  }
  record.startMs = Math.min(record.startMs, episode.startMs);
  record.endMs = Math.max(record.endMs, episode.endMs);
  return record;
}

/** The first record that overlaps the episode, if any. */
function overlapping(records: readonly EpisodeRecord[], episode: Episode): EpisodeRecord | undefined {
  for (const r of records) if (r.startMs <= episode.endMs && episode.startMs <= r.endMs) return r;
  return undefined;
}

// Plain loops and module-level helpers below rather than per-call arrow callbacks: a closure
// made per call loses its optimized code at each major GC and is compiled again.

/** Member starts with fromMs <= ms <= toMs, in list order. */
function startsWithin(starts: readonly StartNote[], fromMs: number, toMs: number): StartNote[] {
  const out: StartNote[] = [];
  for (const s of starts) if (s.ms >= fromMs && s.ms <= toMs) out.push(s);
  return out;
}

/** Whether a member campaigned in this term with fromMs <= ms <= toMs. */
function campaignedWithin(entry: TermEntry, fromMs: number, toMs: number): boolean {
  for (const c of entry.candidates) if (c.ms >= fromMs && c.ms <= toMs) return true;
  return false;
}

/** Terms (ascending) not in `led` where members campaigned within the window. */
function leaderlessTermsWithin(lead: LeadershipState, led: ReadonlySet<number>, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (const e of Object.values(lead.terms)) if (!led.has(e.term) && campaignedWithin(e, fromMs, toMs)) out.push(e.term);
  return out.sort(ascending);
}

function ascending(a: number, b: number): number {
  return a - b;
}

/** The items with ms >= fromMs, in list order. */
function notBefore<T extends { ms: number }>(list: readonly T[], fromMs: number): T[] {
  const out: T[] = [];
  for (const x of list) if (x.ms >= fromMs) out.push(x);
  return out;
}

function churnFor(input: EvaluateInput, changes: readonly LeaderChange[], episode: Episode, id: string): Finding {
  const { lead, pre, rule, cluster } = input;
  // Precursors count from one churn window before the first change: disk trouble builds up before leaders are lost.
  const fromMs = episode.startMs - rule.windowMs;
  const toMs = episode.endMs;
  const precursors = summarizePrecursors(pre, etcdHosts(lead, pre), fromMs, toMs);
  const starts = startsWithin(lead.starts, fromMs, toMs);
  const led = new Set<number>();
  for (const c of changes) led.add(c.term);
  const leaderlessTerms = leaderlessTermsWithin(lead, led, episode.startMs, toMs);
  return churnFinding({ cluster, id, rule, episode, precursors, precursorFromMs: fromMs, starts, leaderlessTerms, members: lead.members });
}

/**
 * Drops what no open change or episode can need: terms older than `boundaryMs` (unless an
 * episode still reaching past it holds them), notes and precursors older than one more window.
 */
function prune(lead: LeadershipState, pre: PrecursorState, episodes: readonly Episode[], boundaryMs: number, windowMs: number): void {
  let keepFromMs = boundaryMs;
  for (const e of episodes) if (e.endMs >= boundaryMs) keepFromMs = Math.min(keepFromMs, e.startMs);
  const entries = Object.values(lead.terms).sort(byTerm);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const latest = Math.max(latestMs(e.reports), latestMs(e.lost), latestMs(e.candidates));
    if (latest < keepFromMs || entries.length - i > MAX_TERMS) {
      delete lead.terms[String(e.term)];
      lead.prunedThroughTerm = Math.max(lead.prunedThroughTerm, e.term);
    }
  }
  const notesFromMs = keepFromMs - windowMs;
  lead.prunedBeforeMs = Math.max(lead.prunedBeforeMs, notesFromMs);
  lead.transfers = notBefore(lead.transfers, notesFromMs);
  lead.starts = notBefore(lead.starts, notesFromMs);
  const episodesKept: EpisodeRecord[] = [];
  for (const r of lead.episodes) if (r.endMs >= keepFromMs) episodesKept.push(r);
  lead.episodes = episodesKept;
  pre.prunedBeforeMs = Math.max(pre.prunedBeforeMs, notesFromMs);
  for (const key of Object.keys(pre.buckets)) {
    if (bucketStartMs(key) + 60_000 <= notesFromMs) deleteBucket(pre, key);
  }
}

/** The latest time of a list (-Infinity when empty), without the copies a spread makes: prune runs every batch. */
function latestMs(list: readonly { ms: number }[]): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const s of list) {
    if (Number.isNaN(s.ms)) return Number.NaN; // as Math.max
    if (s.ms > latest) latest = s.ms;
  }
  return latest;
}
