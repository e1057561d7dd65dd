import type { FormatOption } from '../parse/types.js';
import { decodeBase64Strict } from './base64.js';
import { logEventsToRawEvents, readCloudWatchEnvelope } from './cloudwatch.js';
import { compressionOf, decompress } from './decompress.js';
import { frameBuffer } from './framer.js';
import { deaggregateKpl, isKplAggregate } from './kpl.js';
import type { RawEvent } from './raw-event.js';

/** A Kinesis record as the Lambda event carries it (the handler maps KinesisStreamRecord to this). */
export interface KinesisRecordInput {
  /** Base64, as in the Lambda event. */
  data: string;
  shardId: string;
  sequenceNumber: string;
  /** Epoch seconds, may be fractional. */
  approximateArrivalTimestamp: number;
  partitionKey?: string;
}

/** Counters a caller can keep across records, e.g. for metrics. */
export interface DecodeStats {
  records: number;
  events: number;
  /** CloudWatch Logs CONTROL_MESSAGE envelopes: destination health checks, no log events. */
  controlMessages: number;
  /** Events produced with `decodeError` set. */
  decodeErrors: number;
}

export interface DecodeOptions {
  format: FormatOption;
  maxEventBytes: number;
  /** Bound on one payload's inflated size (zip-bomb guard); default DEFAULT_MAX_DECOMPRESSED_BYTES. */
  maxDecompressedBytes?: number;
  /** Added to when given. */
  stats?: DecodeStats;
}

/** A 1 MiB Kinesis record of repetitive logs inflates ~10-30x; far beyond that is a bomb. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export function newDecodeStats(): DecodeStats {
  return { records: 0, events: 0, controlMessages: 0, decodeErrors: 0 };
}

/**
 * One Kinesis record -> its events: base64, then KPL de-aggregation, then per payload
 * decompression, CloudWatch envelope opening, and framing (lines, JSON values, journal export).
 * Never throws: whatever cannot be decoded becomes an event with `decodeError` and its bytes.
 */
export function decodeKinesisRecord(rec: KinesisRecordInput, opts: DecodeOptions): RawEvent[] {
  const decoder = new RecordDecoder(rec, opts);
  const bytes = decodeBase64Strict(rec.data);
  if (bytes === null) {
    decoder.error(Buffer.from(rec.data, 'utf8'), 0, 'Kinesis record data is not valid base64');
  } else if (isKplAggregate(bytes)) {
    const agg = deaggregateKpl(rec.data, rec.partitionKey ?? '', rec.sequenceNumber);
    if (agg.error !== undefined) decoder.error(bytes, 0, agg.error);
    else for (const user of agg.records) decoder.payload(user.data, user.subSequence, user.partitionKey);
  } else {
    decoder.payload(bytes, 0, rec.partitionKey);
  }
  const events = decoder.events;
  if (opts.stats) {
    opts.stats.records++;
    opts.stats.events += events.length;
    opts.stats.controlMessages += decoder.controlMessages;
    for (const ev of events) if (ev.decodeError !== undefined) opts.stats.decodeErrors++;
  }
  return events;
}

class RecordDecoder {
  readonly events: RawEvent[] = [];
  controlMessages = 0;
  private readonly receivedTime: Date;
  private readonly max: number;

  constructor(
    private readonly rec: KinesisRecordInput,
    private readonly opts: DecodeOptions,
  ) {
    // Rounded: epoch seconds * 1000 in floating point can land a hair under the millisecond.
    this.receivedTime = new Date(Math.round(rec.approximateArrivalTimestamp * 1000));
    this.max = opts.maxEventBytes;
  }

  /** One (user) record's payload. */
  payload(payload: Buffer, subSequence: number, partitionKey: string | undefined): void {
    let data = payload;
    const compression = compressionOf(payload);
    if (compression !== null) {
      const inflated = decompress(payload, compression, this.opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES);
      if (inflated.error !== undefined) return this.error(payload, subSequence, inflated.error);
      data = inflated.data;
    }
    const cloudwatch = readCloudWatchEnvelope(data);
    switch (cloudwatch.kind) {
      case 'control':
        this.controlMessages++;
        return;
      case 'invalid':
        return this.error(data, subSequence, cloudwatch.error);
      case 'data':
        for (const ev of logEventsToRawEvents(cloudwatch, this.receivedTime, this.max)) this.events.push(ev);
        return;
      case 'not-envelope':
        break;
    }
    const prefix = this.identityPrefix(subSequence);
    const envelope = partitionKey ? { kinesis_partition_key: partitionKey } : undefined;
    const framed = frameBuffer(data, { framing: 'lines', format: this.opts.format, maxEventBytes: this.max, source: prefix });
    for (const f of framed) {
      const raw: RawEvent = { data: f.data, identity: prefix + f.index, receivedTime: this.receivedTime };
      if (envelope) raw.envelope = envelope;
      if (f.error !== undefined) raw.decodeError = f.error;
      this.events.push(raw);
    }
  }

  /** The whole (user) record as one error event, its bytes kept up to the event limit. */
  error(data: Buffer, subSequence: number, message: string): void {
    const cut = data.length > this.max;
    this.events.push({
      data: cut ? data.subarray(0, this.max) : data,
      identity: this.identityPrefix(subSequence) + '0',
      receivedTime: this.receivedTime,
      decodeError: cut ? `${message}; first ${this.max} bytes kept` : message,
    });
  }

  private identityPrefix(subSequence: number): string {
    return `kinesis:${this.rec.shardId}:${this.rec.sequenceNumber}:${subSequence}:`;
  }
}
