import type { DetectorsConfig } from '../../shared/config.js';
import type { LogRecord } from '../../shared/record.js';
import { findingId } from '../finding-id.js';
import type { DetectContext, Detector, Finding, StateStore } from '../types.js';
import { recognizeContextLine, type ContextLine } from './context-line.js';
import { describeFinding, FINDING_TYPE } from './describe.js';
import { recognizeCert } from './recognize.js';
import type { CertSignal } from './signal.js';
import {
  isEarlier,
  MAX_EVIDENCE,
  MAX_NEIGHBOURS,
  NEIGHBOUR_WINDOW_MS,
  type CertFindingState,
  type NeighbourState,
} from './state.js';

const NAME = 'cert';
const FINDING_PREFIX = 'cert:f:';
const NEIGHBOUR_PREFIX = 'cert:nb:';
const MAX_RETRIES = 8;
const MAX_EXAMPLE = 512;
const DAY_MS = 86_400_000;

/**
 * Certificate validity: expired, not yet valid, and (kubelet) expiring within the horizon.
 * One finding per (host, app, subject or peer, kind, scope and depth in the chain) per
 * suppression window: an expired leaf and an expired issuing CA need different fixes. Windows are
 * aligned to the epoch on EVENT time, so replays and out-of-order input land in the same
 * window and get the same finding_id. A window's finding is emitted once the watermark passes
 * its end (or at flush); later evidence re-emits it under the same id.
 */
export function createCertDetector(config: DetectorsConfig): Detector<CertRecognized> {
  return new CertDetector(config);
}

/** What the rule recognized: an expiry signal, or an openssl line naming a certificate. */
type CertRecognized = { signal: CertSignal } | { line: ContextLine };

class CertDetector implements Detector<CertRecognized> {
  readonly name = NAME;
  private readonly windowMs: number;
  private readonly horizonMs: number;
  /** Keys this instance wrote, with the window end: onWatermark checks only these. */
  private readonly open = new Map<string, number>();
  private resumed = false;
  private readonly neighbourKeys = new Set<string>();

  constructor(config: DetectorsConfig) {
    this.windowMs = Math.max(1, config.cert.suppression_window_seconds) * 1000;
    this.horizonMs = config.cert.expiring_horizon_days * DAY_MS;
  }

  /** An expiry line, or an openssl output line that may name the subject of a neighbouring one. */
  recognize(record: LogRecord): CertRecognized | null {
    const signal = recognizeCert(record.message);
    if (signal !== null) return { signal };
    const line = recognizeContextLine(record.message);
    return line !== null ? { line } : null;
  }

  async onSignal(recognized: CertRecognized, record: LogRecord, ctx: DetectContext): Promise<Finding[]> {
    if (!('signal' in recognized)) {
      await this.rememberNeighbour(record, recognized.line, ctx.store);
      return [];
    }
    const signal = recognized.signal;
    const time = record.time ?? record.received_time;
    const ms = Date.parse(time);
    if (!this.resolveKind(signal, ms)) return [];
    const state = await this.addEvidence(record, signal, time, ms, ctx.store);
    // Late evidence for a window already reported: re-emit it (same id, an upsert).
    return state?.emitted ? [await this.describe(state, ctx.store)] : [];
  }

  async onWatermark(ctx: DetectContext): Promise<Finding[]> {
    if (!this.resumed) {
      // A fresh instance (each Lambda batch) also watches the windows earlier instances opened;
      // their ends are read from the state when they are checked.
      this.resumed = true;
      for (const key of await ctx.store.keys(FINDING_PREFIX)) if (!this.open.has(key)) this.open.set(key, Number.NEGATIVE_INFINITY);
    }
    return this.closeWindows(ctx.store, ctx.watermarkMs, [...this.open.keys()]);
  }

  async flush(ctx: DetectContext): Promise<Finding[]> {
    // The store may know windows another instance opened; a store that cannot list answers [].
    const keys = new Set([...this.open.keys(), ...(await ctx.store.keys(FINDING_PREFIX))]);
    return this.closeWindows(ctx.store, Number.POSITIVE_INFINITY, [...keys]);
  }

  /** kubelet's line states notAfter: expiring within the horizon, expired if already past, else nothing. */
  private resolveKind(signal: CertSignal, eventMs: number): boolean {
    if (signal.kind !== 'expiring') return true;
    if (signal.boundMs === null) return false;
    if (signal.boundMs <= eventMs) {
      signal.kind = 'expired';
      return true;
    }
    return signal.boundMs - eventMs <= this.horizonMs;
  }

  /** Adds the record to its window's state; null when that changed nothing (a duplicate). */
  private async addEvidence(record: LogRecord, signal: CertSignal, time: string, ms: number, store: StateStore): Promise<CertFindingState | null> {
    const windowStartMs = Math.floor(ms / this.windowMs) * this.windowMs;
    const identity = signal.subject ?? signal.peer ?? '';
    const id = findingId(FINDING_TYPE[signal.kind], record.host, record.app, identity, ...chainPosition(signal), windowStartMs);
    const key = FINDING_PREFIX + id;
    const first = { eventId: record.event_id, ms, time, signal, message: message(record.message) };
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await store.get<CertFindingState>(key);
      const state: CertFindingState = current?.value ?? {
        findingId: id,
        kind: signal.kind,
        host: record.host,
        cluster: record.cluster,
        app: record.app,
        windowStartMs,
        windowEndMs: windowStartMs + this.windowMs,
        evidence: {},
        evidenceCapped: false,
        first,
        lastMs: ms,
        lastTime: time,
        emitted: false,
      };
      if (current) {
        // A duplicate (same event_id) changes nothing: no write, no double count.
        if (record.event_id in state.evidence) return null;
        const kept = addToCapped(state, record.event_id, ms);
        const later = ms > state.lastMs;
        if (!kept && !later) return null;
        if (kept && isEarlier(ms, record.event_id, state.first)) state.first = first;
        if (later) {
          state.lastMs = ms;
          state.lastTime = time;
        }
      } else state.evidence[record.event_id] = ms;
      const ttl = Math.ceil((state.windowEndMs + this.windowMs) / 1000);
      if (await store.put(key, state, current?.version ?? null, ttl)) {
        this.open.set(key, state.windowEndMs);
        return state;
      }
    }
    throw new Error(`cert detector: state ${key} kept changing under concurrent writers`);
  }

  private async closeWindows(store: StateStore, watermarkMs: number, keys: string[]): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const key of keys.sort()) {
      const end = this.open.get(key);
      if (end !== undefined && end > watermarkMs) continue;
      const state = await this.markEmitted(key, store, watermarkMs);
      if (state) out.push(await this.describe(state, store));
      // Kept in the store for late evidence (TTL); this instance stops watching it.
      if (watermarkMs !== Number.POSITIVE_INFINITY) this.open.delete(key);
    }
    if (watermarkMs !== Number.POSITIVE_INFINITY) await this.pruneNeighbours(store, watermarkMs);
    return out;
  }

  /** Flips `emitted` once (conditional write); returns the state when this call emitted it. */
  private async markEmitted(key: string, store: StateStore, watermarkMs: number): Promise<CertFindingState | null> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await store.get<CertFindingState>(key);
      if (!current || current.value.emitted || current.value.windowEndMs > watermarkMs) return null;
      const state = { ...current.value, emitted: true };
      if (await store.put(key, state, current.version, Math.ceil((state.windowEndMs + this.windowMs) / 1000))) return state;
    }
    return null;
  }

  private async describe(state: CertFindingState, store: StateStore): Promise<Finding> {
    const neighbours = await store.get<NeighbourState>(neighbourKey(state.host, state.app));
    return describeFinding(state, neighbours?.value.lines ?? []);
  }

  private async rememberNeighbour(record: LogRecord, line: ContextLine, store: StateStore): Promise<void> {
    const key = neighbourKey(record.host, record.app);
    const ms = Date.parse(record.time ?? record.received_time);
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await store.get<NeighbourState>(key);
      const lines = current?.value.lines ?? [];
      if (lines.some((l) => l.eventId === record.event_id)) return;
      lines.push({ eventId: record.event_id, ms, ...line });
      // Keep the newest few by event time: the ones an error line can still be paired with.
      lines.sort((a, b) => a.ms - b.ms || (a.eventId < b.eventId ? -1 : 1));
      const kept = lines.slice(-MAX_NEIGHBOURS);
      if (await store.put(key, { lines: kept }, current?.version ?? null, Math.ceil((ms + this.windowMs) / 1000))) {
        this.neighbourKeys.add(key);
        return;
      }
    }
  }

  /** Drops neighbour lines no open window can pair with any more. */
  private async pruneNeighbours(store: StateStore, watermarkMs: number): Promise<void> {
    const horizon = watermarkMs - this.windowMs - NEIGHBOUR_WINDOW_MS;
    for (const key of this.neighbourKeys) {
      const current = await store.get<NeighbourState>(key);
      if (!current) {
        this.neighbourKeys.delete(key);
        continue;
      }
      const lines = current.value.lines.filter((l) => l.ms >= horizon);
      if (lines.length === current.value.lines.length) continue;
      if (lines.length === 0) {
        await store.delete(key);
        this.neighbourKeys.delete(key);
      } else await store.put(key, { lines }, current.version);
    }
  }
}

/**
 * Adds an event to the evidence set, keeping the MAX_EVIDENCE earliest by (time, event_id):
 * the kept set does not depend on arrival order. False when the event is later than all kept.
 */
function addToCapped(state: CertFindingState, eventId: string, ms: number): boolean {
  state.evidence[eventId] = ms;
  const ids = Object.keys(state.evidence);
  if (ids.length <= MAX_EVIDENCE) return true;
  state.evidenceCapped = true;
  let latest = ids[0];
  for (const id of ids) {
    const t = state.evidence[id];
    const l = state.evidence[latest];
    if (t > l || (t === l && id > latest)) latest = id;
  }
  delete state.evidence[latest];
  return latest !== eventId;
}

/**
 * Where in the chain the failing certificate sits, as finding-id parts: none when the message
 * does not say (so such findings keep the ids they always had), else the scope and the depth.
 */
function chainPosition(signal: CertSignal): string[] {
  if (signal.scope === 'unknown' && signal.depth === null) return [];
  return [`${signal.scope}@${signal.depth ?? ''}`];
}

function neighbourKey(host: string | null, app: string | null): string {
  return `${NEIGHBOUR_PREFIX}${host ?? ''}\u001f${app ?? ''}`;
}

function message(text: string): string {
  return text.length > MAX_EXAMPLE ? text.slice(0, MAX_EXAMPLE) + '…' : text;
}
