import type { FormatOption } from '../parse/types.js';
import { RecordDecoder } from './kinesis-payload.js';
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
  /** Events produced with `decodeError` set (quarantined pieces included). */
  decodeErrors: number;
  /** Error events holding input a per-record bound (events, inflated bytes) left undecoded. */
  quarantined: number;
}

export interface DecodeOptions {
  format: FormatOption;
  maxEventBytes: number;
  /**
   * Bound on the inflated bytes of one Kinesis record, all its (KPL user record) payloads
   * together (zip-bomb guard); default DEFAULT_MAX_DECOMPRESSED_BYTES.
   */
  maxDecompressedBytes?: number;
  /**
   * Events one Kinesis record may produce; once reached (checked every 64 KiB of a payload), the
   * rest is kept raw in quarantined error events. Default DEFAULT_MAX_EVENTS_PER_RECORD.
   */
  maxEventsPerRecord?: number;
  /** Most events per batch from decodeKinesisRecordBatches (default DEFAULT_DECODE_BATCH); batches also close at DECODE_BATCH_BYTES. */
  batchSize?: number;
  /** Added to when given. */
  stats?: DecodeStats;
}

/** A 1 MiB Kinesis record of repetitive logs inflates ~10-30x; far beyond that is a bomb. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
/**
 * 1 MiB (the Kinesis record limit) of 10-byte lines, or 10x-compressed lines of 100 bytes: more
 * than real senders put in one record, and few enough that the array form stays small.
 */
export const DEFAULT_MAX_EVENTS_PER_RECORD = 100_000;
export const DEFAULT_DECODE_BATCH = 1000;
/** A batch is closed early once its events hold this many bytes. */
export const DECODE_BATCH_BYTES = 4 * 1024 * 1024;

export function newDecodeStats(): DecodeStats {
  return { records: 0, events: 0, controlMessages: 0, decodeErrors: 0, quarantined: 0 };
}

let lastArrival = new Date(0);

/**
 * The record's arrival time, rounded: epoch seconds * 1000 in floating point can land a hair
 * under the millisecond. Records of a batch mostly arrive in the same millisecond and then get
 * the same Date (never mutated), so what is derived from it once (received_time's text, the
 * parse context) is reused.
 */
export function arrivalTime(rec: KinesisRecordInput): Date {
  const ms = Math.round(rec.approximateArrivalTimestamp * 1000);
  if (ms !== lastArrival.getTime()) lastArrival = new Date(ms);
  return lastArrival;
}

/**
 * One Kinesis record -> its events, in batches of at most `batchSize`: base64, then KPL
 * de-aggregation, then per payload decompression, CloudWatch envelope opening, and framing
 * (lines, JSON values, journal export). Payloads are framed 64 KiB at a time and batches are
 * produced lazily, so memory holds the inflated payload (bounded by `maxDecompressedBytes`)
 * and one batch, whatever the content. Never throws: whatever cannot be decoded becomes an
 * event with `decodeError` and its bytes.
 */
export function* decodeKinesisRecordBatches(rec: KinesisRecordInput, opts: DecodeOptions): Generator<RawEvent[]> {
  const decoded = decodeKinesisRecordEvents(rec, opts);
  if (!Array.isArray(decoded)) yield* decoded;
  else if (decoded.length > 0) yield decoded;
}

/**
 * The record's events: for the common one-line plain record (RecordDecoder.simple) one array,
 * without a generator; for any other, the batches decodeKinesisRecordBatches yields, from the
 * same decoder (the record is base64-decoded once either way).
 */
export function decodeKinesisRecordEvents(rec: KinesisRecordInput, opts: DecodeOptions): RawEvent[] | Generator<RawEvent[]> {
  const decoder = recordDecoder(rec, opts);
  const stats = opts.stats;
  if (stats) stats.records++;
  const simple = decoder.simple();
  if (simple === null) return batchesOf(decoder, opts);
  if (stats) stats.events += simple.length;
  return simple;
}

function* batchesOf(decoder: RecordDecoder, opts: DecodeOptions): Generator<RawEvent[]> {
  const size = Math.max(1, opts.batchSize ?? DEFAULT_DECODE_BATCH);
  const stats = opts.stats;
  try {
    for (const events of decoder.run()) {
      // At most `size` events and about DECODE_BATCH_BYTES of event bytes per batch: records of
      // large events (up to max_event_bytes each) hold their text too.
      let start = 0;
      let bytes = 0;
      for (let i = 0; i < events.length; i++) {
        bytes += events[i].data.length;
        const full = i + 1 - start === size || bytes >= DECODE_BATCH_BYTES;
        if (!full && i + 1 < events.length) continue;
        const batch = start === 0 && i + 1 === events.length ? events : events.slice(start, i + 1);
        if (stats) {
          stats.events += batch.length;
          for (const ev of batch) if (ev.decodeError !== undefined) stats.decodeErrors++;
        }
        yield batch;
        start = i + 1;
        bytes = 0;
      }
    }
  } finally {
    if (stats) {
      stats.controlMessages += decoder.controlMessages;
      stats.quarantined += decoder.quarantined;
    }
  }
}

function recordDecoder(rec: KinesisRecordInput, opts: DecodeOptions): RecordDecoder {
  return new RecordDecoder(rec, {
    format: opts.format,
    maxEventBytes: opts.maxEventBytes,
    maxDecompressedBytes: opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    maxEvents: opts.maxEventsPerRecord ?? DEFAULT_MAX_EVENTS_PER_RECORD,
    receivedTime: arrivalTime(rec),
  });
}

/**
 * All of one record's events at once (tests, small callers). Bounded too: at most
 * `maxEventsPerRecord` events plus one 64 KiB slice's worth, then quarantined pieces.
 */
export function decodeKinesisRecord(rec: KinesisRecordInput, opts: DecodeOptions): RawEvent[] {
  const out: RawEvent[] = [];
  for (const batch of decodeKinesisRecordBatches(rec, opts)) {
    for (const ev of batch) out.push(ev);
  }
  return out;
}
