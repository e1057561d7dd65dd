import type { DetectorsConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { formatMillis } from '../shared/time.js';
import { BatchStore } from './state/batch-store.js';
import type { Detector, Finding, StateStore } from './types.js';

/** How far event time must move before aggregators are asked to close windows again. */
const WATERMARK_STEP_MS = 1000;
/**
 * When a caller that chooses its batches (the CLI) should flush: state is read and written once
 * per key per flush, and aggregators close windows at each flush, so flushing less often costs
 * less (at 5,000 records a flush, a third of detection's cost was flushes). A minute of event
 * time still closes windows about as often as they end; the queued-records bound caps the
 * memory held by records that wait to be aggregated; the record bound keeps input without
 * event times from waiting for ever. The Lambda flushes once per invocation regardless.
 */
export const FLUSH_EVERY = { eventMs: 60_000, queued: 5_000, records: 100_000 } as const;
/** Attempts at one detector's batch when other writers keep changing its state. */
const MAX_ATTEMPTS = 5;

/** Lets a runtime act between a detector's work and its state commit. */
export interface EngineHooks {
  /**
   * Called with the findings of a detector's batch before its state is committed. The Lambda
   * records them durably here (an outbox): once state is committed, a retry of the same input
   * finds the incidents already counted and does not emit them again.
   */
  beforeCommit?(found: readonly Finding[]): Promise<void>;
}

interface Hit {
  signal: unknown;
  record: LogRecord;
  watermarkMs: number;
}

/**
 * Runs detectors over records in event-time order, a batch at a time. `push` runs every
 * detector's cheap rule synchronously and queues what they recognized; `flush` hands each
 * detector its queue against a BatchStore (one read and one conditional write per state key)
 * and retries a detector's whole batch if another writer (a concurrent shard) changed its state
 * in between: the detectors' updates are idempotent, so a retry never counts twice.
 *
 * The watermark (newest event time minus the allowed lateness) only moves forward, so
 * out-of-order input within the lateness still counts; records behind it are counted
 * (`lateRecords`). A finding re-emitted under the same id
 * (late evidence) replaces the earlier version: `findings()` holds one per id.
 */
export class DetectionEngine {
  /**
   * The process's first engine, kept for its life. Each Lambda batch makes an engine; when the
   * previous one was collected, the hidden classes of its objects went with it, so V8 dropped
   * the code it had compiled against them ("weak objects") and the type feedback, and compiled
   * the detectors' hot paths again every batch: keeping one engine alive keeps those classes,
   * and TurboFan's work per 100k records in a fresh engine fell from 59 to 25 ms (--trace-opt,
   * with the rule detectors' shared candidate index).
   * As the finished Parquet writers kept between batches (functions/sinks/writer-pool.ts).
   */
  private static first: DetectionEngine | undefined;
  private readonly latenessMs: number;
  private newestMs = Number.NEGATIVE_INFINITY;
  /** Above every record time of the newest second seen; '' before any time. */
  private secondEnd = '';
  private lastWatermarkMs = Number.NEGATIVE_INFINITY;
  /** The watermark as record-time text, for a string comparison per record; '' before any time. */
  private watermarkText = '';
  /** The last record time seen and whether it was late: records of one second often share one time string. */
  private lastTime: string | null = null;
  private lastLate = false;
  private late = 0;
  /** Since the last flush: records pushed, records queued, and the newest event time when it ran. */
  private pushed = 0;
  private queued = 0;
  private flushedAtMs = Number.NEGATIVE_INFINITY;
  private readonly queues: Hit[][];
  private readonly byId = new Map<string, Finding>();

  constructor(
    private readonly detectors: readonly Detector[],
    private readonly store: StateStore,
    config: DetectorsConfig,
    private readonly hooks: EngineHooks = {},
  ) {
    this.latenessMs = config.allowed_lateness_seconds * 1000;
    this.queues = detectors.map(() => []);
    DetectionEngine.first ??= this;
  }

  /** Runs every rule on the record; no I/O. True when some detector queued the record. */
  push(record: LogRecord): boolean {
    // Only a time the event states moves the watermark: a receive time ("now" in the CLI) would
    // run ahead of the data and close every window early. Record times are one fixed RFC 3339
    // shape, so comparing strings orders them; the watermark needs whole seconds only, so
    // Date.parse runs once per new second, not per record, and nothing is stored per record.
    const t = record.time;
    if (t !== null) {
      // The same time again (often the same string) compares as it did: the watermark moves only below.
      if (t !== this.lastTime) {
        this.lastTime = t;
        this.lastLate = t < this.watermarkText;
        if (t > this.secondEnd) {
          // `YYYY-MM-DDTHH:MM:SS.` then '~', above any digit or 'Z': every time of this second sorts below it.
          this.secondEnd = t.slice(0, 20) + '~';
          this.newestMs = Date.parse(t.slice(0, 19) + 'Z');
          // The first minute between flushes counts from the first event time.
          if (this.flushedAtMs === Number.NEGATIVE_INFINITY) this.flushedAtMs = this.newestMs;
          this.watermarkText = formatMillis(this.watermarkMs());
        }
      }
      if (this.lastLate) this.late++;
    }
    this.pushed++;
    let queued = false;
    for (let i = 0; i < this.detectors.length; i++) {
      const signal = this.detectors[i].recognize(record);
      if (signal !== null) {
        this.queues[i].push({ signal, record, watermarkMs: this.watermarkMs() });
        queued = true;
      }
    }
    if (queued) this.queued++;
    return queued;
  }

  /** Whether a caller that picks its own batches should flush now (FLUSH_EVERY). */
  get flushDue(): boolean {
    return (
      this.queued >= FLUSH_EVERY.queued ||
      this.pushed >= FLUSH_EVERY.records ||
      this.newestMs - this.flushedAtMs >= FLUSH_EVERY.eventMs
    );
  }

  /**
   * Aggregates what was queued, closes the windows the watermark passed, and writes state.
   * Returns every finding version this flush emitted (a new finding, or a new version of one
   * already emitted, same id), in emission order: what a caller writes and alerts on per batch.
   */
  async flush(): Promise<Finding[]> {
    this.pushed = 0;
    this.queued = 0;
    this.flushedAtMs = this.newestMs;
    const emitted: Finding[] = [];
    const watermarkMs = this.watermarkMs();
    const due = watermarkMs - this.lastWatermarkMs >= WATERMARK_STEP_MS;
    if (due) this.lastWatermarkMs = watermarkMs;
    for (let i = 0; i < this.detectors.length; i++) {
      const hits = this.queues[i];
      if (hits.length === 0 && !due) continue;
      this.queues[i] = [];
      const found = await this.runBatch(this.detectors[i], hits, due, watermarkMs);
      emitted.push(...found);
    }
    return emitted;
  }

  /** End of input: every window closes. */
  async end(): Promise<Finding[]> {
    await this.flush();
    for (const d of this.detectors) await this.runBatch(d, null, false, Number.POSITIVE_INFINITY);
    return this.findings();
  }

  /**
   * Records whose event time was already behind the watermark when pushed (more than
   * `allowed_lateness_seconds` older than the newest event time seen): windows they belong to
   * may have closed, so detection can miss or split incidents. For the CLI's warning, the run
   * summary and a Lambda metric.
   */
  get lateRecords(): number {
    return this.late;
  }

  /** One finding per id, ordered by event time, then id. */
  findings(): Finding[] {
    return [...this.byId.values()].sort(byTimeThenId);
  }

  private watermarkMs(): number {
    return this.newestMs - this.latenessMs;
  }

  /**
   * Runs one detector's batch until its state commits: its queued hits and, when due, the
   * watermark; or, with `hits` null, the end of input. Returns what the committed attempt found.
   * (Methods, not a closure per call: closures made per call lose their optimized code at each
   * full GC and are compiled again.)
   */
  private async runBatch(d: Detector, hits: Hit[] | null, due: boolean, watermarkMs: number): Promise<Finding[]> {
    for (let attempt = 1; ; attempt++) {
      const batch = new BatchStore(this.store);
      const found = hits === null ? await d.flush({ store: batch, watermarkMs }) : await this.aggregate(d, batch, hits, due, watermarkMs);
      if (this.hooks.beforeCommit) await this.hooks.beforeCommit(found);
      const conflicts = await batch.commit();
      if (conflicts.length === 0) {
        for (const f of found) this.byId.set(f.finding_id, f);
        return found;
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${d.name}: state ${conflicts.join(', ')} kept changing under other writers`);
    }
  }

  /** One attempt at a detector's batch: each hit with the watermark it was pushed under, then the watermark now if due. */
  private async aggregate(d: Detector, store: BatchStore, hits: Hit[], due: boolean, watermarkMs: number): Promise<Finding[]> {
    const found: Finding[] = [];
    for (const h of hits) found.push(...(await d.onSignal(h.signal, h.record, { store, watermarkMs: h.watermarkMs })));
    if (due) found.push(...(await d.onWatermark({ store, watermarkMs })));
    return found;
  }
}

/** Findings by event time, then id. */
function byTimeThenId(a: Finding, b: Finding): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.finding_id < b.finding_id ? -1 : 1;
}
