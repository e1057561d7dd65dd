import type { DetectorsConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import type { DetectContext, Detector, Finding, StateStore } from './types.js';

/** How far event time must move before aggregators are asked to close windows again. */
const WATERMARK_STEP_MS = 1000;

/**
 * Runs detectors over records in event-time order. The watermark (newest event time minus the
 * allowed lateness) only moves forward, so out-of-order input within the lateness is still
 * counted, and aggregators close windows behind it. A finding re-emitted under the same id
 * (late evidence) replaces the earlier version: `findings()` holds one per id.
 */
export class DetectionEngine {
  private readonly latenessMs: number;
  private newestMs = Number.NEGATIVE_INFINITY;
  private newestText = '';
  private lastWatermarkMs = Number.NEGATIVE_INFINITY;
  private readonly byId = new Map<string, Finding>();

  constructor(
    private readonly detectors: readonly Detector[],
    private readonly store: StateStore,
    config: DetectorsConfig,
  ) {
    this.latenessMs = config.allowed_lateness_seconds * 1000;
  }

  /**
   * Feeds one record. Returns a promise only when there is async work (a detector recognized the
   * record, or windows are due to close), so the common case costs no microtask.
   */
  push(record: LogRecord): Promise<void> | undefined {
    // Only a time the event states moves the watermark: a receive time ("now" in the CLI) would
    // run ahead of the data and close every window early. Record times are one fixed RFC 3339
    // shape, so comparing strings orders them and Date.parse runs only when time moves on.
    if (record.time !== null && record.time > this.newestText) {
      this.newestText = record.time;
      this.newestMs = Date.parse(record.time);
    }
    let hits: Array<[Detector, unknown]> | null = null;
    for (const d of this.detectors) {
      const signal = d.recognize(record);
      if (signal !== null) (hits ??= []).push([d, signal]);
    }
    const watermarkMs = this.newestMs - this.latenessMs;
    const due = watermarkMs - this.lastWatermarkMs >= WATERMARK_STEP_MS;
    if (hits === null && !due) return undefined;
    return this.aggregate(record, hits ?? [], due);
  }

  private async aggregate(record: LogRecord, hits: Array<[Detector, unknown]>, due: boolean): Promise<void> {
    const ctx = this.context();
    for (const [d, signal] of hits) this.keep(await d.onSignal(signal, record, ctx));
    if (due) {
      this.lastWatermarkMs = ctx.watermarkMs;
      for (const d of this.detectors) this.keep(await d.onWatermark(ctx));
    }
  }

  /** End of input: every window closes. */
  async end(): Promise<Finding[]> {
    const ctx: DetectContext = { store: this.store, watermarkMs: Number.POSITIVE_INFINITY };
    for (const d of this.detectors) this.keep(await d.flush(ctx));
    return this.findings();
  }

  /** One finding per id, ordered by event time, then id. */
  findings(): Finding[] {
    return [...this.byId.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.finding_id < b.finding_id ? -1 : 1));
  }

  private context(): DetectContext {
    return { store: this.store, watermarkMs: this.newestMs - this.latenessMs };
  }

  private keep(found: Finding[]): void {
    for (const f of found) this.byId.set(f.finding_id, f);
  }
}
