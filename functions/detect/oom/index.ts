import { createHash } from 'node:crypto';
import type { DetectorsConfig } from '../../shared/config.js';
import type { LogRecord } from '../../shared/record.js';
import type { DetectContext, Detector, Finding, StateStore } from '../types.js';
import { buildFinding, naturalId } from './finding.js';
import { groupKills } from './group.js';
import { quietUntilUs } from './quiet.js';
import { eventMicros, type Observation } from './observation.js';
import { recognizeOom } from './recognize.js';
import type { OomSignal } from './signals.js';

const NAME = 'oom_kill';
const PREFIX = `${NAME}:host:`;
/** Bounds one host's state (a kernel OOM report has ~10 recognized lines). */
const MAX_OBSERVATIONS = 2000;
const MAX_RESEND = 2000;
const MAX_RETRIES = 20;
const NONE: Finding[] = [];

/** One host's state: what was recognized, and what was already emitted (to upsert, not repeat). */
interface HostState {
  host: string | null;
  seq: number;
  /** Newest event time seen on this host, epoch µs. */
  maxUs: number;
  obs: Observation[];
  emitted: Emitted[];
  /** Event ids received again (a retried batch, a replay): their kills are emitted again, same id. */
  resend: string[];
}

interface Emitted {
  id: string;
  hash: string;
  evidence: string[];
  endUs: number;
}

/**
 * The OOM-kill detector: recognizes kernel, systemd, containerd and kubelet OOM lines and reports
 * each kill once, as one `oom_kill` finding per (host, kill). See docs/detectors/oom.md.
 */
export function createOomDetector(config: DetectorsConfig): Detector<OomSignal> {
  return new OomDetector(config);
}

/**
 * The OOM-kill detector (see createOomDetector). A class, not a closure factory: every engine
 * (each Lambda batch, each bench round) makes a new instance, and prototype methods are one
 * function for all of them, so V8's optimized code for them survives when an old instance is
 * collected.
 */
class OomDetector implements Detector<OomSignal> {
  readonly name = NAME;
  private readonly windowUs: number;
  private readonly latenessUs: number;
  /** Host keys this instance wrote; the store's key listing may be unavailable (DynamoDB). */
  private readonly touched = new Set<string>();
  /**
   * Per host key this instance closed, the watermark (µs) before which closing it again changes
   * nothing unless a line arrives for it (as etcd's quietUntil: a key another instance writes is
   * closed by that instance). Saves reading and regrouping every host's state every batch.
   */
  private readonly quiet = new Map<string, number>();
  private resumed = false;

  constructor(config: DetectorsConfig) {
    this.windowUs = config.oom.group_window_seconds * 1e6;
    this.latenessUs = config.allowed_lateness_seconds * 1e6;
  }

  recognize(record: LogRecord): OomSignal | null {
    return recognizeOom(record);
  }

  async onSignal(signal: OomSignal, record: LogRecord, ctx: DetectContext): Promise<Finding[]> {
    const ts = record.time ?? record.received_time;
    await this.observe(record, ctx.store, { id: record.event_id, t: eventMicros(ts), ts, cluster: record.cluster, s: signal });
    return NONE;
  }

  async onWatermark(ctx: DetectContext): Promise<Finding[]> {
    if (!this.resumed) {
      // A fresh instance (each Lambda batch) also closes kills earlier instances saw begin.
      this.resumed = true;
      for (const key of await ctx.store.keys(PREFIX)) this.touched.add(key);
    }
    const watermarkUs = ctx.watermarkMs * 1000;
    const quiet = this.quiet;
    const due = [...this.touched].filter((key) => watermarkUs >= (quiet.get(key) ?? Number.NEGATIVE_INFINITY));
    return due.length === 0 ? NONE : this.closeAll(due, ctx);
  }

  async flush(ctx: DetectContext): Promise<Finding[]> {
    return this.closeAll(new Set([...this.touched, ...(await ctx.store.keys(PREFIX))]), ctx);
  }

  private async observe(record: LogRecord, store: StateStore, o: Omit<Observation, 'seq'>): Promise<void> {
    const key = PREFIX + encodeURIComponent(record.host ?? '');
    this.quiet.delete(key);
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const got = await store.get<HostState>(key);
      const state: HostState = got?.value ?? { host: record.host, seq: 0, maxUs: o.t, obs: [], emitted: [], resend: [] };
      if (hasObservation(state.obs, o.id)) {
        // A duplicate never counts twice, but its finding is sent again (an upsert under the same
        // id), so a batch retried after a lost output still delivers it.
        if (state.resend.includes(o.id) || state.resend.length >= MAX_RESEND) return;
        state.resend.push(o.id);
      } else state.obs.push({ ...o, seq: state.seq++ });
      if (o.t > state.maxUs) state.maxUs = o.t;
      if (state.obs.length > MAX_OBSERVATIONS) state.obs.sort((a, b) => a.t - b.t).splice(0, state.obs.length - MAX_OBSERVATIONS);
      if (await store.put(key, state, got?.version ?? null)) {
        this.touched.add(key);
        return;
      }
    }
    throw new Error(`${NAME}: state for ${key} kept changing under concurrent writers`);
  }

  /** Emits the kills the watermark has closed (new or changed since emitted), then prunes old state. */
  private async close(key: string, store: StateStore, watermarkMs: number): Promise<Finding[]> {
    const { windowUs, latenessUs } = this;
    const watermarkUs = watermarkMs * 1000;
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const got = await store.get<HostState>(key);
      if (!got) {
        this.touched.delete(key);
        return NONE;
      }
      const state = got.value;
      const out: Finding[] = [];
      const kills = groupKills(state.obs, windowUs);
      for (const kill of kills) {
        if (kill.endUs + windowUs > watermarkUs) continue;
        const evidence = kill.members.map((m) => m.id);
        const natural = naturalId(state.host, kill);
        const id = emittedWith(state.emitted, natural) !== undefined ? natural : (reusedId(state.emitted, evidence) ?? natural);
        const finding = buildFinding(id, state.host, kill);
        const hash = createHash('sha256').update(JSON.stringify(finding)).digest('hex').slice(0, 32);
        const prior = emittedWith(state.emitted, id);
        if (prior?.hash === hash && !anyIn(evidence, state.resend)) continue;
        if (prior) Object.assign(prior, { hash, evidence, endUs: kill.endUs });
        else state.emitted.push({ id, hash, evidence, endUs: kill.endUs });
        out.push(finding);
      }
      // Keep closed kills one more lateness period, so late lines still upsert the same finding.
      const horizon = Math.min(watermarkUs, state.maxUs - latenessUs) - windowUs - latenessUs;
      const obsBefore = state.obs.length;
      const emittedBefore = state.emitted.length;
      state.obs = state.obs.filter((o) => o.t >= horizon);
      state.emitted = state.emitted.filter((e) => e.endUs >= horizon);
      const pruned = state.obs.length !== obsBefore || state.emitted.length !== emittedBefore;
      const kept = new Set(state.obs.map((o) => o.id));
      const resend = state.resend.filter((id) => kept.has(id) && !out.some((f) => f.evidence.includes(id)));
      if (out.length === 0 && !pruned && resend.length === state.resend.length) {
        this.quiet.set(key, quietUntilUs(state, kills, watermarkUs, windowUs, latenessUs));
        return NONE;
      }
      state.resend = resend;
      if (state.obs.length === 0 && state.emitted.length === 0) {
        await store.delete(key);
        this.touched.delete(key);
        this.quiet.delete(key);
        return out;
      }
      if (await store.put(key, state, got.version)) {
        this.quiet.set(key, quietUntilUs(state, pruned ? groupKills(state.obs, windowUs) : kills, watermarkUs, windowUs, latenessUs));
        return out;
      }
    }
    throw new Error(`${NAME}: state for ${key} kept changing under concurrent writers`);
  }

  private async closeAll(keys: Iterable<string>, ctx: DetectContext): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const key of [...keys].sort()) out.push(...(await this.close(key, ctx.store, ctx.watermarkMs)));
    return out;
  }
}

/** A kill already emitted keeps its id when later lines regroup it. */
function reusedId(emitted: Emitted[], evidence: string[]): string | null {
  for (const e of emitted) if (anyIn(e.evidence, evidence)) return e.id;
  return null;
}

// Searches as loops, not callbacks: a closure made per call loses its optimized code at each
// full GC and is compiled again (these run per recognized line and per closed kill).

function hasObservation(obs: readonly Observation[], id: string): boolean {
  for (const x of obs) if (x.id === id) return true;
  return false;
}

function emittedWith(emitted: readonly Emitted[], id: string): Emitted | undefined {
  for (const e of emitted) if (e.id === id) return e;
  return undefined;
}

/** Whether some id of `ids` is in `among`. */
function anyIn(ids: readonly string[], among: readonly string[]): boolean {
  for (const id of ids) if (among.includes(id)) return true;
  return false;
}
