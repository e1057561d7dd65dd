import type { DetectorsConfig } from '../../shared/config.js';
import type { LogRecord } from '../../shared/record.js';
import type { DetectContext, Detector, Finding, StateStore } from '../types.js';
import type { ClusterRef } from './change-finding.js';
import { ChangeSignatures } from './change-memo.js';
import type { ChurnRule } from './churn.js';
import { evaluate, type EvaluateInput, type Evaluation } from './evaluate.js';
import { recognizeEtcd } from './recognize.js';
import type { EtcdSignal, LeadershipKind, LeadershipSignal, PrecursorSignal } from './signal.js';
import { addLeadership, addPrecursor, emptyLeadership, emptyPrecursors, reportsLeader, type LeadershipState, type PrecursorState, type Stamp } from './state.js';
import { updateState } from './store-io.js';

export const ETCD_DETECTOR = 'etcd';
const CLUSTERS_KEY = `${ETCD_DETECTOR}:v1:clusters`;
const MAX_CLUSTERS = 1000;
const leadKey = (cluster: string): string => `${ETCD_DETECTOR}:v1:lead:${cluster}`;
const preKey = (cluster: string): string => `${ETCD_DETECTOR}:v1:pre:${cluster}`;
/** Lines that report a term's leader: only these can add a leader change. */
const REPORT_KINDS: ReadonlySet<LeadershipKind> = new Set(['elected', 'changed', 'became_leader']);
/** Whether a change at `ms` is within a window of an episode already recorded (it would extend that one). */
function nearEpisode(s: LeadershipState, ms: number, windowMs: number): boolean {
  for (const r of s.episodes) if (ms >= r.startMs - windowMs && ms <= r.endMs + windowMs) return true;
  return false;
}

/** A host-less precursor line still counts, under this name. */
const UNKNOWN_HOST = '(unknown host)';

// The state changes below are module-level functions given their inputs by updateState, not
// closures made per call: V8 keeps a long-lived function's optimized code, while a closure's is
// dropped at a major GC and compiled again for the next call's closure.

function emptyClusterList(): string[] {
  return [];
}

/** Adds `cluster` to the registered clusters (up to MAX_CLUSTERS). */
function registerCluster(list: string[], cluster: string): { changed: boolean; result: void } {
  if (list.includes(cluster) || list.length >= MAX_CLUSTERS) return { changed: false, result: undefined };
  list.push(cluster);
  return { changed: true, result: undefined };
}

interface PrecursorUpdate {
  signal: PrecursorSignal;
  stamp: Stamp;
  host: string;
}

function applyPrecursor(s: PrecursorState, u: PrecursorUpdate): { changed: boolean; result: boolean } {
  const changed = addPrecursor(s, u.signal.kind, u.stamp, u.host, u.signal.durationMs);
  return { changed, result: changed };
}

interface LeadershipUpdate {
  signal: LeadershipSignal;
  stamp: Stamp;
  host: string | null;
  windowMs: number;
}

interface LeadershipResult {
  changed: boolean;
  mayCross: boolean;
}

function applyLeadership(s: LeadershipState, u: LeadershipUpdate): { changed: boolean; result: LeadershipResult } {
  const { signal, stamp } = u;
  const mayCross = REPORT_KINDS.has(signal.kind) && !reportsLeader(s, signal.term, signal.leader) && !nearEpisode(s, stamp.ms, u.windowMs);
  const changed = addLeadership(s, signal, stamp, u.host);
  return { changed, result: { changed, mayCross: mayCross && changed } };
}

/** Evaluates in place (evaluate prunes the state), so the state is always written back. */
function evaluateLead(lead: LeadershipState, input: Omit<EvaluateInput, 'lead'>): { changed: boolean; result: Evaluation } {
  return {
    changed: true,
    result: evaluate({ cluster: input.cluster, rule: input.rule, watermarkMs: input.watermarkMs, lead, pre: input.pre, signatures: input.signatures }),
  };
}

/**
 * etcd leader changes (one finding per term that got a leader) and leader churn (at least
 * churn_min_changes changes within churn_window_seconds, one finding per episode, with the
 * slow-disk and journald lines seen on the members' hosts and a suspected cause). Churn is
 * reported from the signal that crosses the threshold and updated as the episode grows.
 *
 * Records without a cluster form one implicit cluster (state key '', findings `cluster: null`).
 */
export function createEtcdDetector(config: DetectorsConfig): Detector<EtcdSignal> {
  return new EtcdDetector(config);
}

/**
 * The etcd detector (see createEtcdDetector). A class, not a closure factory: every engine (each
 * Lambda batch, each bench round) makes a new instance, and prototype methods are one function
 * for all of them, so V8's optimized code for them survives when an old instance is collected.
 */
class EtcdDetector implements Detector<EtcdSignal> {
  readonly name = ETCD_DETECTOR;
  private readonly rule: ChurnRule;
  private readonly registered = new Set<string>();
  /**
   * Per cluster, the watermark before which evaluating again could change nothing, as long as
   * this instance wrote nothing new; another instance's writes are evaluated by that instance.
   */
  private readonly quietUntil = new Map<string, number>();
  private readonly signatures = new ChangeSignatures();

  constructor(config: DetectorsConfig) {
    this.rule = { minChanges: config.etcd.churn_min_changes, windowMs: config.etcd.churn_window_seconds * 1000 };
  }

  recognize(record: LogRecord): EtcdSignal | null {
    return recognizeEtcd(record.message, record.app);
  }

  async onSignal(signal: EtcdSignal, record: LogRecord, ctx: DetectContext): Promise<Finding[]> {
    const cluster = record.cluster ?? '';
    const t = record.time ?? record.received_time;
    const stamp: Stamp = { id: record.event_id, t, ms: Date.parse(t) };
    await this.register(ctx.store, cluster);
    if (signal.type === 'precursor') {
      const changed = await updateState(ctx.store, preKey(cluster), emptyPrecursors, applyPrecursor, { signal, stamp, host: record.host ?? UNKNOWN_HOST });
      if (changed) this.quietUntil.delete(cluster);
      return [];
    }
    const { changed, mayCross } = await updateState(ctx.store, leadKey(cluster), emptyLeadership, applyLeadership, {
      signal,
      stamp,
      host: record.host,
      windowMs: this.rule.windowMs,
    });
    if (changed) this.quietUntil.delete(cluster);
    // The first report of a leader change may cross the churn threshold: evaluate now, not at
    // the next watermark step, so the churn alert leaves in this batch. A change within a
    // window of a known episode can only grow it; growth, other members' reports and
    // precursors are emitted at the next watermark step.
    return mayCross ? this.evaluateCluster(ctx, cluster) : [];
  }

  onWatermark(ctx: DetectContext): Promise<Finding[]> {
    return this.closeWindows(ctx);
  }

  flush(ctx: DetectContext): Promise<Finding[]> {
    return this.closeWindows(ctx);
  }

  private async register(store: StateStore, cluster: string): Promise<void> {
    if (this.registered.has(cluster)) return;
    await updateState(store, CLUSTERS_KEY, emptyClusterList, registerCluster, cluster);
    this.registered.add(cluster);
  }

  private async closeWindows(ctx: DetectContext): Promise<Finding[]> {
    const clusters = (await ctx.store.get<string[]>(CLUSTERS_KEY))?.value ?? [];
    const out: Finding[] = [];
    for (const key of clusters) {
      if (ctx.watermarkMs < (this.quietUntil.get(key) ?? Number.NEGATIVE_INFINITY)) continue;
      out.push(...(await this.evaluateCluster(ctx, key)));
    }
    return out;
  }

  private async evaluateCluster(ctx: DetectContext, key: string): Promise<Finding[]> {
    const cluster: ClusterRef = { key, label: key === '' ? null : key };
    // Values a store returns are the caller's own (see StateStore), so evaluate may prune them
    // in place; writing back unconditionally costs one write per batch, less than diffing them.
    const preEntry = await ctx.store.get<PrecursorState>(preKey(key));
    const pre = preEntry?.value ?? emptyPrecursors();
    const evaluation = await updateState(ctx.store, leadKey(key), emptyLeadership, evaluateLead, {
      cluster,
      rule: this.rule,
      watermarkMs: ctx.watermarkMs,
      pre,
      signatures: this.signatures,
    });
    this.quietUntil.set(key, evaluation.nextDueMs);
    // Pruning precursors is housekeeping: a lost race leaves it for the next watermark.
    if (preEntry) await ctx.store.put(preKey(key), pre, preEntry.version);
    return evaluation.findings;
  }
}
