import { validateFinding } from '../../../functions/shared/schemas.js';
import { feedRecord } from '../../../functions/detect/feed.js';
import { readFileSync } from 'node:fs';
import { createEtcdDetector } from '../../../functions/detect/etcd/index.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { buildRecord } from '../../../functions/pipeline/build-record.js';
import { parsePlain } from '../../../functions/parse/plain.js';
import { DEFAULT_CONFIG, type DetectorsConfig } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { recordFromMessage } from '../../support/records.js';

export const eventMs = (r: LogRecord): number => Date.parse(r.time ?? r.received_time);

/** Stable merge by event time, as the engine sees a set of sources. */
export function byEventTime(records: readonly LogRecord[]): LogRecord[] {
  return records.map((r, i) => ({ r, i })).sort((a, b) => eventMs(a.r) - eventMs(b.r) || a.i - b.i).map((x) => x.r);
}

export interface Run {
  /** Every emission, in order (an upsert appears again under the same id). */
  emitted: Finding[];
  /** The latest version of each finding. */
  byId: Map<string, Finding>;
  store: MemoryStateStore;
}

/**
 * Feeds records in the given order, moving the watermark (newest event time − allowed
 * lateness) forward and calling onWatermark whenever it moves, then flush.
 */
export async function drive(records: readonly LogRecord[], config: DetectorsConfig = DEFAULT_CONFIG.detectors, store = new MemoryStateStore()): Promise<Run> {
  const detector = createEtcdDetector(config);
  const latenessMs = config.allowed_lateness_seconds * 1000;
  const emitted: Finding[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  let lastWatermark = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    newest = Math.max(newest, eventMs(r));
    const ctx = { store, watermarkMs: newest - latenessMs };
    emitted.push(...(await feedRecord(detector, r, ctx)));
    if (ctx.watermarkMs > lastWatermark) {
      lastWatermark = ctx.watermarkMs;
      emitted.push(...(await detector.onWatermark(ctx)));
    }
  }
  emitted.push(...(await detector.flush({ store, watermarkMs: Number.POSITIVE_INFINITY })));
  const byId = new Map<string, Finding>();
  for (const f of emitted) byId.set(f.finding_id, f);
  return { emitted, byId, store };
}

export function ofType(run: Run, type: Finding['type']): Finding[] {
  return [...run.byId.values()].filter((f) => f.type === type);
}

// The validator the pipeline itself uses, so tests check against the same compiled schema.
export { validateFinding };

/** Parses one member's stderr file as the CLI would (plain lines), host = member name. */
export function plainFileRecords(path: string, host: string, cluster: string): LogRecord[] {
  // Lines without a time of their own (`[WARNING] Deprecated …`) take this; before the run, so they do not push the watermark.
  const receivedTime = new Date('2026-11-26T01:00:00Z');
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: LogRecord[] = [];
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const data = Buffer.from(line);
    const parsed = parsePlain(data, { receivedTime, timeZoneFor: () => 'UTC' });
    out.push(buildRecord(parsed, { data, identity: `file:${host}.log:${i}`, receivedTime }, DEFAULT_CONFIG, { host, cluster }));
  });
  return out;
}

/** An etcd line as it arrives from journald or syslog: app `etcd`, the line as message. */
export function etcdRecord(message: string, time: string, host: string, cluster?: string, app = 'etcd'): LogRecord {
  return recordFromMessage(message, { time, host, app, source_format: 'journald', cluster });
}

export function withChurn(minChanges: number, windowSeconds: number): DetectorsConfig {
  return { ...DEFAULT_CONFIG.detectors, etcd: { churn_min_changes: minChanges, churn_window_seconds: windowSeconds } };
}

const FIXTURES = new URL('../../fixtures/etcd/', import.meta.url);

function fixtureLines<T>(name: string): T[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as T);
}

/** Fixture of raw lines, one member each (`{host, line}`), parsed as plain lines. */
export function lineFixture(name: string, cluster: string): LogRecord[] {
  const receivedTime = new Date('2026-11-26T12:00:00Z');
  return fixtureLines<{ host: string; line: string }>(name).map(({ host, line }, i) => {
    const data = Buffer.from(line);
    const parsed = parsePlain(data, { receivedTime, timeZoneFor: () => 'UTC' });
    return buildRecord(parsed, { data, identity: `fixture:${name}:${i}`, receivedTime }, DEFAULT_CONFIG, { host, cluster });
  });
}

/** Fixture of already-unwrapped journald entries (`{time, host, app, message}`), stable identities. */
export function messageFixture(name: string, cluster?: string): LogRecord[] {
  return fixtureLines<{ time: string; host: string; app: string; message: string }>(name).map(({ time, host, app, message }, i) =>
    recordFromMessage(message, { time, host, app, source_format: 'journald', cluster, identity: `fixture:${name}:${cluster ?? ''}:${i}` }),
  );
}
