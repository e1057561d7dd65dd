import { arrivalTime, decodeKinesisRecordEvents, type DecodeOptions, type DecodeStats, type KinesisRecordInput } from '../decode/kinesis-record.js';
import { parseEvent } from '../parse/parse-event.js';
import type { FormatOption } from '../parse/types.js';
import type { LogsiftConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import type { RawEvent } from '../decode/raw-event.js';
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
  const records = kinesisRecords(rec, opts);
  if (!Array.isArray(records)) yield* records;
  else if (records.length > 0) yield records;
}

/**
 * The record's records: a one-line plain record's as one array, without generators (most
 * records of a batch); any other's as the batches kinesisRecordBatches yields.
 */
export function kinesisRecords(rec: KinesisRecordInput, opts: KinesisPipelineOptions): LogRecord[] | Generator<LogRecord[]> {
  const { config } = opts;
  const format = opts.format ?? 'auto';
  const ctx = contextFor(config, rec);
  const decoded = decodeKinesisRecordEvents(rec, decodeOptions(opts, format));
  if (Array.isArray(decoded)) return decoded.map((raw) => buildRecord(parseEvent(raw, format, ctx), raw, config, opts.overrides));
  return recordBatches(decoded, format, ctx, opts);
}

function* recordBatches(batches: Generator<RawEvent[]>, format: FormatOption, ctx: ReturnType<typeof parseContextFor>, opts: KinesisPipelineOptions): Generator<LogRecord[]> {
  for (const raws of batches) {
    // A CloudWatch log event is detected on its own, whatever the payload's format.
    yield raws.map((raw) => buildRecord(parseEvent(raw, raw.envelopeFormat === 'cloudwatch' ? 'auto' : format, ctx), raw, opts.config, opts.overrides));
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
