import type { FormatOption } from '../parse/types.js';
import { decodeBase64Strict } from './base64.js';
import { logEventsToRawEvents, readCloudWatchEnvelope } from './cloudwatch.js';
import { compressionOf, decompress } from './decompress.js';
import type { FramedEvent } from './framed-event.js';
import { createFramer, frameSingleLine } from './framer.js';
import type { KinesisRecordInput } from './kinesis-record.js';
import { deaggregateKpl, isKplAggregate } from './kpl.js';
import { quarantineBytes, quarantineLogEvents, type QuarantinedPiece } from './quarantine.js';
import type { RawEvent } from './raw-event.js';

export interface RecordDecoderOptions {
  format: FormatOption;
  maxEventBytes: number;
  maxDecompressedBytes: number;
  maxEvents: number;
  receivedTime: Date;
}

/** Framing input per step: events come out a slice at a time, and the event bound is checked per slice. */
const SLICE_BYTES = 64 * 1024;
/** Log events of a CloudWatch envelope turned into events per step. */
const LOG_EVENT_STEP = 1000;
/**
 * Envelopes parsed whole, at most. CloudWatch sends at most one PutLogEvents batch's worth of
 * events per envelope (10,000 events, 1 MiB of messages): a few MiB of JSON even with every
 * character escaped. Parsing holds about three times the bytes, so this keeps it near 50 MB.
 */
const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;
const LF = 0x0a;

/**
 * Decodes one Kinesis record lazily (see decodeKinesisRecordBatches). The event and inflation
 * bounds count over the whole record, so a KPL aggregate of many small bombs is bounded too.
 */
export class RecordDecoder {
  controlMessages = 0;
  quarantined = 0;
  private produced = 0;
  private inflated = 0;
  private readonly max: number;

  constructor(
    private readonly rec: KinesisRecordInput,
    private readonly opts: RecordDecoderOptions,
  ) {
    this.max = opts.maxEventBytes;
  }

  /**
   * The record's events when it is the common case, one line of plain bytes (not KPL, not
   * compressed, not a CloudWatch envelope), without the generators `run` goes through; the
   * same events `run` gives. null for anything else: call `run` then.
   */
  simple(): RawEvent[] | null {
    const bytes = this.bytes();
    if (bytes === null || isKplAggregate(bytes) || compressionOf(bytes) !== null || this.opts.maxEvents <= 0) return null;
    if (readCloudWatchEnvelope(bytes, MAX_ENVELOPE_BYTES).kind !== 'not-envelope') return null;
    const prefix = this.identityPrefix(0);
    const framed = frameSingleLine(bytes, { framing: 'lines', format: this.opts.format, maxEventBytes: this.max, source: prefix });
    if (framed === null) return null;
    const partitionKey = this.rec.partitionKey;
    const out: RawEvent[] = [];
    for (const f of framed) {
      const raw: RawEvent = { data: f.data, identity: prefix + f.index, receivedTime: this.opts.receivedTime };
      if (partitionKey) raw.envelope = { kinesis_partition_key: partitionKey };
      out.push(raw);
    }
    this.produced += out.length;
    return out;
  }

  /** The record's data, base64-decoded once (null: not valid base64). */
  private decoded: Buffer | null | undefined;
  private bytes(): Buffer | null {
    if (this.decoded === undefined) this.decoded = decodeBase64Strict(this.rec.data);
    return this.decoded;
  }

  *run(): Generator<RawEvent[]> {
    const bytes = this.bytes();
    if (bytes === null) {
      yield [this.error(Buffer.from(this.rec.data, 'utf8'), 0, 'Kinesis record data is not valid base64')];
    } else if (isKplAggregate(bytes)) {
      const agg = deaggregateKpl(this.rec.data, this.rec.partitionKey ?? '', this.rec.sequenceNumber);
      if (agg.error !== undefined) yield [this.error(bytes, 0, agg.error)];
      else for (const user of agg.records) yield* this.payload(user.data, user.subSequence, user.partitionKey);
    } else {
      yield* this.payload(bytes, 0, this.rec.partitionKey);
    }
  }

  /** One (user) record's payload. */
  private *payload(payload: Buffer, subSequence: number, partitionKey: string | undefined): Generator<RawEvent[]> {
    const prefix = this.identityPrefix(subSequence);
    if (this.produced >= this.opts.maxEvents) {
      yield this.quarantine(quarantineBytes(payload, 0, this.max, this.eventBoundReason()), prefix, 0);
      return;
    }
    let data = payload;
    let trailingAt: number | undefined;
    const compression = compressionOf(payload);
    if (compression !== null) {
      const total = this.opts.maxDecompressedBytes;
      const budget = total - this.inflated;
      const inflated = budget > 0 ? decompress(payload, compression, budget) : { error: `${compression} payload not inflated: the record's ${total}-byte inflation budget is used up` };
      if (inflated.error !== undefined) {
        const shared = inflated.tooLarge === true && budget < total ? ` (what is left of the record's ${total}-byte inflation budget)` : '';
        yield [this.error(payload, subSequence, inflated.error + shared)];
        return;
      }
      data = inflated.data;
      trailingAt = inflated.trailingAt;
      this.inflated += data.length;
    }
    // Bytes after the compressed data are kept as errors, numbered after the payload's own events.
    const next = yield* this.events(data, subSequence, partitionKey);
    if (trailingAt !== undefined && compression !== null) {
      const why = `${payload.length - trailingAt} bytes follow the ${compression} data`;
      yield this.quarantine(quarantineBytes(payload, trailingAt, this.max, why), prefix, next, false);
    }
  }

  /** Inflated payload -> events: a CloudWatch envelope's log events, or framed events. Returns the next free index. */
  private *events(data: Buffer, subSequence: number, partitionKey: string | undefined): Generator<RawEvent[], number> {
    const prefix = this.identityPrefix(subSequence);
    const cloudwatch = readCloudWatchEnvelope(data, MAX_ENVELOPE_BYTES);
    switch (cloudwatch.kind) {
      case 'control':
        this.controlMessages++;
        return 0;
      case 'too-large': {
        const pieces = quarantineBytes(data, 0, this.max, cloudwatch.error);
        yield this.quarantine(pieces, prefix, 0);
        return pieces.length;
      }
      case 'invalid':
        yield [this.error(data, subSequence, cloudwatch.error)];
        return 1;
      case 'data': {
        const all = cloudwatch.logEvents.length;
        const room = Math.min(all, this.opts.maxEvents - this.produced);
        const identityOf = (i: number): string => prefix + i;
        for (let from = 0; from < room; from += LOG_EVENT_STEP) {
          const events = logEventsToRawEvents(cloudwatch, this.opts.receivedTime, this.max, identityOf, from, Math.min(room, from + LOG_EVENT_STEP));
          this.produced += events.length;
          yield events;
        }
        if (room === all) return all;
        const rest = quarantineLogEvents(cloudwatch.logEvents.slice(room), this.max, this.eventBoundReason());
        yield this.quarantine(rest, prefix, all);
        return all + rest.length;
      }
      case 'not-envelope':
        break;
    }
    const envelope = partitionKey ? { kinesis_partition_key: partitionKey } : undefined;
    const framing = { framing: 'lines', format: this.opts.format, maxEventBytes: this.max, source: prefix } as const;
    let next = 0;
    const toRaw = (framed: FramedEvent[]): RawEvent[] => {
      const out: RawEvent[] = [];
      for (const f of framed) {
        const raw: RawEvent = { data: f.data, identity: prefix + f.index, receivedTime: this.opts.receivedTime };
        if (envelope) raw.envelope = envelope;
        if (f.error !== undefined) raw.decodeError = f.error;
        out.push(raw);
        next = f.index + 1;
      }
      this.produced += out.length;
      return out;
    };
    // Most records hold one line: its event without a framer (same events, framer.ts).
    const single = this.produced < this.opts.maxEvents ? frameSingleLine(data, framing) : null;
    if (single !== null) {
      if (single.length > 0) yield toRaw(single);
      return next;
    }
    const framer = createFramer(framing);
    let at = 0;
    while (at < data.length) {
      const end = sliceEnd(data, at);
      const framed = framer.push(data.subarray(at, end));
      at = end;
      if (framed.length > 0) yield toRaw(framed);
      if (this.produced >= this.opts.maxEvents && at < data.length) {
        // A value still open at the cut (pretty JSON, an export entry) comes out with the framer's
        // own error. Slices end after a line break when they hold one; one that did not (a single
        // line longer than a slice) may leave a value the framer would end as if whole: say it was cut.
        const open = framer.end();
        if (data[at - 1] !== LF) {
          for (const f of open) f.error ??= `cut where the event bound stopped framing; the bytes after it follow in quarantine`;
        }
        if (open.length > 0) yield toRaw(open);
        yield this.quarantine(quarantineBytes(data, at, this.max, this.eventBoundReason()), prefix, next);
        return next;
      }
    }
    const rest = framer.end();
    if (rest.length > 0) yield toRaw(rest);
    return next;
  }

  /** Quarantined pieces as error events numbered from `first`. */
  private quarantine(pieces: QuarantinedPiece[], prefix: string, first: number, bound = true): RawEvent[] {
    if (bound) this.quarantined += pieces.length;
    return pieces.map((p, i) => ({ data: p.data, identity: prefix + (first + i), receivedTime: this.opts.receivedTime, decodeError: p.error }));
  }

  private eventBoundReason(): string {
    return `event bound reached: more than ${this.opts.maxEvents} events in one Kinesis record`;
  }

  /** The whole (user) record as one error event, its bytes kept up to the event limit. */
  private error(data: Buffer, subSequence: number, message: string): RawEvent {
    const cut = data.length > this.max;
    return {
      data: cut ? data.subarray(0, this.max) : data,
      identity: this.identityPrefix(subSequence) + '0',
      receivedTime: this.opts.receivedTime,
      decodeError: cut ? `${message}; first ${this.max} bytes kept` : message,
    };
  }

  private identityPrefix(subSequence: number): string {
    return `kinesis:${this.rec.shardId}:${this.rec.sequenceNumber}:${subSequence}:`;
  }
}

/**
 * End of the framing slice from `at`: SLICE_BYTES on, pulled back to just after the last line
 * break in it so a line-framed payload is never cut mid-line when the event bound stops it.
 */
function sliceEnd(data: Buffer, at: number): number {
  const end = Math.min(data.length, at + SLICE_BYTES);
  if (end === data.length) return end;
  const lf = data.subarray(at, end).lastIndexOf(LF);
  return lf === -1 ? end : at + lf + 1;
}
