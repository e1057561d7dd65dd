import { arrivalTime, decodeKinesisRecordBatches, decodeSimpleKinesisRecord, type DecodeOptions, type DecodeStats, type KinesisRecordInput } from '../decode/kinesis-record.js';
import { parseEvent } from '../parse/parse-event.js';
import type { FormatOption } from '../parse/types.js';
import type { LogsiftConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { buildRecord, type RecordOverrides } from './build-record.js';
import { parseContextFor } from './parse-context.js';

export interface KinesisPipelineOptions {
  config: LogsiftConfig;
  /** Default `auto`. */
  format?: FormatOption;
  overrides?: RecordOverrides;
  /** Most records per batch (default DEFAULT_DECODE_BATCH). */
  batchSize?: number;
  /** Events per Kinesis record before the rest is quarantined (default DEFAULT_MAX_EVENTS_PER_RECORD). */
  maxEventsPerRecord?: number;
  /** Inflated bytes per Kinesis record (default DEFAULT_MAX_DECOMPRESSED_BYTES). */
  maxDecompressedBytes?: number;
  /** Added to when given (records, events, errors, quarantined, control messages). */
  stats?: DecodeStats;
}

/**
 * One Kinesis record -> normalized records, a batch at a time: the Lambda's decode, parse and
 * normalize path. Lazy, so a caller that handles each batch before asking for the next holds
 * one batch of records, whatever the record inflates to.
 */
export function* kinesisRecordBatches(rec: KinesisRecordInput, opts: KinesisPipelineOptions): Generator<LogRecord[]> {
  const simple = simpleKinesisRecords(rec, opts);
  if (simple !== null) {
    if (simple.length > 0) yield simple;
    return;
  }
  yield* otherKinesisRecordBatches(rec, opts);
}

/**
 * A one-line plain record's records, as the one batch kinesisRecordBatches yields, without
 * generators (most records of a batch); null for any other record: then otherKinesisRecordBatches.
 */
export function simpleKinesisRecords(rec: KinesisRecordInput, opts: KinesisPipelineOptions): LogRecord[] | null {
  const { config } = opts;
  const format = opts.format ?? 'auto';
  const raws = decodeSimpleKinesisRecord(rec, decodeOptions(opts, format));
  if (raws === null) return null;
  const ctx = contextFor(config, rec);
  return raws.map((raw) => buildRecord(parseEvent(raw, format, ctx), raw, config, opts.overrides));
}

/** kinesisRecordBatches for a record simpleKinesisRecords said no to. */
export function* otherKinesisRecordBatches(rec: KinesisRecordInput, opts: KinesisPipelineOptions): Generator<LogRecord[]> {
  const { config } = opts;
  const format = opts.format ?? 'auto';
  const ctx = contextFor(config, rec);
  const batches = decodeKinesisRecordBatches(rec, { ...decodeOptions(opts, format), simpleTried: true });
  for (const raws of batches) {
    // A CloudWatch log event is detected on its own, whatever the payload's format.
    yield raws.map((raw) => buildRecord(parseEvent(raw, raw.envelopeFormat === 'cloudwatch' ? 'auto' : format, ctx), raw, config, opts.overrides));
  }
}

function decodeOptions(opts: KinesisPipelineOptions, format: FormatOption): DecodeOptions {
  return {
    format,
    maxEventBytes: opts.config.limits.max_event_bytes,
    maxDecompressedBytes: opts.maxDecompressedBytes,
    maxEventsPerRecord: opts.maxEventsPerRecord,
    batchSize: opts.batchSize,
    stats: opts.stats,
  };
}

// Records of a batch mostly arrive in the same millisecond (arrivalTime gives them one Date):
// they share one parse context too, instead of one each.
let last: { config: LogsiftConfig; time: Date; ctx: ReturnType<typeof parseContextFor> } | null = null;

function contextFor(config: LogsiftConfig, rec: KinesisRecordInput): ReturnType<typeof parseContextFor> {
  const time = arrivalTime(rec);
  if (last === null || last.config !== config || last.time !== time) last = { config, time, ctx: parseContextFor(config, time) };
  return last.ctx;
}
