import { AckTracker } from './ack-tracker.js';
import { backoffDelay } from './backoff.js';
import { newCounters, type ShipCounters } from './counters.js';
import type { ShipEntry } from './journal-entry.js';
import { classifyKinesisError, problemLine, type CallProblem } from './kinesis-errors.js';
import { KinesisCallError, type PutRecordsFn } from './kinesis-put.js';
import { KINESIS } from './limits.js';
import { RecordBuilder, type PendingEntry, type ShipRecord } from './record-builder.js';
import type { ShipSettings } from './ship-options.js';

export interface ShipperHooks {
  /** Too much is in flight: stop reading the source. */
  pause(): void;
  /** Room again: read on. */
  resume(): void;
  /** Saves the cursor (atomically); called one at a time, with the newest cursor. */
  saveCursor(cursor: string): Promise<void>;
  /** Kinesis refused for good (or the cursor cannot be saved): stop reading. */
  onFatal?(err: Error): void;
  /** A call failed and will be retried: what went wrong, for the log. */
  onRetryableError?(problem: CallProblem): void;
  now?: () => number;
}

/**
 * Entries in, PutRecords calls out. Records are sent as soon as a call slot is free (so calls
 * grow while others are in flight); failed records are sent again alone after an exponential
 * backoff with jitter, as often as it takes; the cursor is saved only once every entry up to it
 * is acknowledged. Reading pauses while `maxBufferedBytes` of entries are unacknowledged.
 */
export class Shipper {
  readonly counters: ShipCounters = newCounters();
  private readonly builder: RecordBuilder;
  private readonly acks: AckTracker;
  private ready: ShipRecord[] = [];
  private inFlight = 0;
  private buffered = 0;
  private paused = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private savedCursor: string | null;
  private fatal: Error | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly startedAt: number;
  /** Some call got an answer: the endpoint, region and credentials work. */
  private reached = false;
  /** Set when drain gave up waiting: nothing more is sent. */
  private abandoned = false;
  /** The cursor of the newest entry read: where a restarted source continues. */
  lastReadCursor: string | null;

  constructor(
    private readonly settings: ShipSettings,
    private readonly put: PutRecordsFn,
    private readonly hooks: ShipperHooks,
    startCursor: string | null,
  ) {
    this.now = hooks.now ?? Date.now;
    this.startedAt = this.now();
    this.acks = new AckTracker(startCursor);
    this.savedCursor = startCursor;
    this.lastReadCursor = startCursor;
    this.builder = new RecordBuilder(settings.recordBytes, settings.gzip, (r) => this.ready.push(r));
  }

  get failure(): Error | undefined {
    return this.fatal;
  }

  get pending(): number {
    return this.acks.pending;
  }

  /** Seconds between now and the oldest entry read but not acknowledged (0 when none). */
  lagSeconds(): number {
    const oldest = this.acks.oldest;
    if (oldest === undefined || oldest.realtimeUs === null) return 0;
    return Math.max(0, (this.now() * 1000 - oldest.realtimeUs) / 1e6);
  }

  push(entry: ShipEntry): void {
    if (this.fatal) return;
    const pending: PendingEntry = { cursor: entry.cursor, realtimeUs: entry.realtimeUs, bytes: entry.data.length, acked: false };
    this.counters.entries++;
    this.counters.bytes += entry.data.length;
    if (entry.error !== undefined) this.counters.badEntries++;
    if (entry.cursor !== null) this.lastReadCursor = entry.cursor;
    this.acks.add(pending);
    this.buffered += pending.bytes;
    this.builder.add(entry, pending);
    if (!this.builder.isEmpty && this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => this.flush(), this.settings.flushMs);
    }
    if (!this.paused && this.buffered >= this.settings.maxBufferedBytes) {
      this.paused = true;
      this.counters.pauses++;
      this.hooks.pause();
    }
    this.pump();
  }

  /** Closes the open records and sends them. */
  flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.builder.closeAll();
    this.pump();
  }

  /**
   * Sends everything read so far and waits until it is acknowledged and the cursor saved.
   * Rejects when Kinesis refused for good (a non-retryable error): the cursor then stays at
   * the last entry before the first one not stored. Once `stop` aborts, it waits at most
   * `stopTimeoutMs` more, then gives up on what is still unacknowledged (it is read again
   * from the saved cursor at the next start) and resolves with complete: false.
   */
  async drain(stop?: AbortSignal): Promise<{ complete: boolean }> {
    this.flush();
    let deadline: NodeJS.Timeout | undefined;
    let expired = false;
    const startClock = () => {
      deadline = setTimeout(() => {
        expired = true;
        this.wake();
      }, this.settings.stopTimeoutMs);
    };
    if (stop?.aborted) startClock();
    else stop?.addEventListener('abort', startClock, { once: true });
    try {
      while (!this.fatal && !expired && (this.acks.pending > 0 || this.inFlight > 0 || this.ready.length > 0)) {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      }
    } finally {
      if (deadline !== undefined) clearTimeout(deadline);
      stop?.removeEventListener('abort', startClock);
    }
    if (expired) this.abandon();
    this.acks.advance();
    await this.saveCommitted();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.fatal) throw this.fatal;
    return { complete: !expired };
  }

  /** Sends nothing more: timers cleared, answers still in flight ignored but for their acknowledgements. */
  private abandon(): void {
    this.abandoned = true;
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.flushTimer = undefined;
    this.retryTimer = undefined;
  }

  private wake(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (this.fatal || this.abandoned) return;
    while (this.inFlight < this.settings.maxInFlightCalls) {
      const call = this.takeCall();
      if (call.length === 0) break;
      this.inFlight++;
      this.counters.calls++;
      void this.send(call);
    }
    this.scheduleRetry();
  }

  /** Up to 500 due records and 5 MiB, in the order they became ready. */
  private takeCall(): ShipRecord[] {
    const now = this.now();
    const call: ShipRecord[] = [];
    const rest: ShipRecord[] = [];
    let bytes = 0;
    for (const r of this.ready) {
      const size = r.data.length + Buffer.byteLength(r.partitionKey);
      if (r.notBefore <= now && call.length < KINESIS.maxRecordsPerCall && bytes + size <= KINESIS.maxCallBytes) {
        call.push(r);
        bytes += size;
      } else {
        rest.push(r);
      }
    }
    this.ready = rest;
    return call;
  }

  private scheduleRetry(): void {
    if (this.abandoned || this.retryTimer !== undefined || this.ready.length === 0 || this.inFlight >= this.settings.maxInFlightCalls) return;
    const due = Math.min(...this.ready.map((r) => r.notBefore));
    // A record may have come due since takeCall read the clock: pump again at once (a timer of
    // 0), never return without one, or nothing would ever send it and drain() would wait forever.
    const wait = Math.max(0, due - this.now());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, wait);
  }

  private async send(call: ShipRecord[]): Promise<void> {
    let results: (string | undefined)[];
    try {
      results = await this.put(call.map((r) => ({ data: r.data, partitionKey: r.partitionKey })));
    } catch (err) {
      const problem = err instanceof KinesisCallError ? err.problem : classifyKinesisError(err, { stream: this.settings.stream, region: 'the configured region' });
      const waited = this.now() - this.startedAt;
      if (!problem.retryable) {
        this.fail(new Error(problemLine(problem)));
      } else if (problem.kind === 'network' && !this.reached && this.settings.unreachableTimeoutMs > 0 && waited >= this.settings.unreachableTimeoutMs) {
        this.fail(new Error(`${problem.cause}, and no call has succeeded in ${Math.round(waited / 1000)} s since the start. Fix: ${problem.fix}`));
      } else {
        this.counters.callErrors++;
        this.hooks.onRetryableError?.(problem);
        for (const r of call) this.retry(r);
      }
      return this.settle();
    }
    this.reached = true;
    call.forEach((r, i) => {
      const code = results[i];
      if (code === undefined) return this.stored(r);
      if (code === 'ProvisionedThroughputExceededException') this.counters.throttled += 1;
      // A record refused for good (a KMS key disabled or not usable by these credentials).
      const problem = classifyKinesisError({ name: code, message: `a PutRecords entry answered ${code}` }, { stream: this.settings.stream, region: 'the configured region' });
      if (!problem.retryable && problem.kind === 'permission') return this.fail(new Error(problemLine(problem)));
      this.retry(r);
    });
    if (this.acks.advance()) void this.saveCommitted();
    this.settle();
  }

  private fail(err: Error): void {
    if (this.fatal) return;
    this.fatal = err;
    this.hooks.onFatal?.(err);
  }

  private stored(r: ShipRecord): void {
    this.counters.records++;
    this.counters.sentBytes += r.data.length;
    for (const e of r.entries) {
      e.acked = true;
      this.counters.acked++;
      this.buffered -= e.bytes;
    }
  }

  private retry(r: ShipRecord): void {
    r.attempts++;
    r.notBefore = this.now() + backoffDelay(r.attempts, this.settings.backoffBaseMs, this.settings.backoffMaxMs);
    this.counters.retries++;
    this.ready.unshift(r);
  }

  private settle(): void {
    this.inFlight--;
    if (this.paused && this.buffered <= this.settings.maxBufferedBytes / 2) {
      this.paused = false;
      this.hooks.resume();
    }
    this.pump();
    this.wake();
  }

  /** One save at a time; a save that finds a newer cursor afterwards saves again. */
  private async saveCommitted(): Promise<void> {
    while (this.saving) await this.saving;
    const cursor = this.acks.committed;
    if (cursor === null || cursor === this.savedCursor) return;
    this.saving = this.hooks.saveCursor(cursor).then(
      () => {
        this.savedCursor = cursor;
        this.counters.cursorWrites++;
      },
      (err: unknown) => {
        this.fail(new Error(`cannot save the cursor: ${(err as Error).message}`));
      },
    );
    try {
      await this.saving;
    } finally {
      this.saving = undefined;
    }
  }
}
