import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { kinesisInputs } from '../pipeline/kinesis-event.js';
import type { KinesisRecordInput } from '../decode/kinesis-record.js';
import { parseOnFailureRecord, type KinesisBatchInfo } from './on-failure-record.js';
import { readShardRange, streamNameOf } from './shard-range.js';
import { rx } from '../shared/safe-regex.js';

/** What became of one on-failure message. */
export interface ReplayOutcome {
  messageId: string;
  /**
   * replayed: processed and the message deleted; expired: the range is past the stream's
   * retention (deleted with --drop-expired); failed: the batch failed again; kept: it could not
   * be replayed for another reason (stream not found, range missing within retention, an AWS
   * error), the detail says which; unreadable: not a Kinesis on-failure record. Only replayed and
   * (with --drop-expired) expired messages are deleted.
   */
  status: 'replayed' | 'expired' | 'failed' | 'kept' | 'unreadable';
  shardId: string | null;
  startSequenceNumber: string | null;
  endSequenceNumber: string | null;
  records: number;
  detail: string;
}

export interface ReplayDeps {
  sqs: SQSClient;
  /** A Kinesis client for the region a message's streamArn names. */
  kinesisFor(region: string): KinesisClient;
  /** The same batch processing the ingest function runs; null: success, else an error text. */
  processBatch(inputs: KinesisRecordInput[]): Promise<string | null>;
}

export interface ReplayOptions {
  /** Stop after this many messages (default: until the queue answers empty). */
  maxMessages?: number;
  /** Delete messages whose range the stream no longer retains (default: keep them, and say so). */
  dropExpired?: boolean;
  /** Seconds a received message stays invisible to others while it is replayed. */
  visibilityTimeoutSeconds?: number;
  /** The clock that decides what is past retention. */
  now?: () => number;
}

/** arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME */
const STREAM_ARN = rx(/^arn:[a-z-]{1,20}:kinesis:([a-z0-9-]{1,30}):(\d{12}):stream\/[A-Za-z0-9_.-]{1,128}$/);

/**
 * Reads Lambda's on-failure messages from the queue, re-reads each named shard range while the
 * stream still retains it, and puts it through the same batch processing as the ingest
 * function. The objects it writes are named after the same records, so a replay replaces what
 * the failed attempts wrote instead of adding rows. A message is deleted only once its batch
 * went through; anything else stays in the queue with the reason reported.
 */
export async function replayFromDlq(queueUrl: string, deps: ReplayDeps, opts: ReplayOptions = {}): Promise<ReplayOutcome[]> {
  const max = opts.maxMessages ?? Number.POSITIVE_INFINITY;
  const outcomes: ReplayOutcome[] = [];
  const seen = new Set<string>();
  while (outcomes.length < max) {
    const got = await deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - outcomes.length),
        WaitTimeSeconds: 1,
        VisibilityTimeout: opts.visibilityTimeoutSeconds ?? 900,
      }),
    );
    const messages = (got.Messages ?? []).filter((m) => !seen.has(m.MessageId ?? ''));
    if (messages.length === 0) break;
    for (const m of messages) {
      seen.add(m.MessageId ?? '');
      const outcome = await replayOne(m.MessageId ?? '', m.Body ?? '', deps, opts);
      if (outcome.status === 'replayed' || (outcome.status === 'expired' && opts.dropExpired === true)) {
        await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
      outcomes.push(outcome);
    }
  }
  return outcomes;
}

async function replayOne(messageId: string, body: string, deps: ReplayDeps, opts: ReplayOptions): Promise<ReplayOutcome> {
  const none = { messageId, shardId: null, startSequenceNumber: null, endSequenceNumber: null, records: 0 };
  let batch;
  try {
    batch = parseOnFailureRecord(body).batch;
  } catch (err) {
    return { ...none, status: 'unreadable', detail: `not a Kinesis on-failure record: ${(err as Error).message}; left in the queue` };
  }
  const at = { messageId, shardId: batch.shardId, startSequenceNumber: batch.startSequenceNumber, endSequenceNumber: batch.endSequenceNumber, records: 0 };
  const arn = STREAM_ARN.exec(batch.streamArn);
  if (arn === null) return { ...at, status: 'unreadable', detail: `streamArn ${batch.streamArn} is not a Kinesis stream ARN; left in the queue` };
  const region = arn[1];
  const kinesis = deps.kinesisFor(region);
  try {
    // The stream the ARN names, in the ARN's region: its retention decides what is expired.
    const stream = await describeStream(kinesis, batch.streamArn, region);
    if (typeof stream === 'string') return { ...at, status: 'kept', detail: `${stream}; left in the queue` };
    const range = await readShardRange(kinesis, batch, region);
    if (!range.complete) {
      const past = pastRetention(batch, stream.retentionHours, opts.now?.() ?? Date.now());
      if (past !== null) return { ...at, status: 'kept', detail: `the stream does not hold this range, but ${past}; left in the queue` };
      const fate = opts.dropExpired === true ? 'message deleted (--drop-expired)' : 'left in the queue';
      return { ...at, status: 'expired', detail: `the range is past the stream's retention of ${stream.retentionHours} h; ${fate}` };
    }
    const error = await deps.processBatch(kinesisInputs({ Records: range.records }));
    if (error !== null) return { ...at, status: 'failed', records: range.records.length, detail: `${error}; left in the queue` };
    return { ...at, status: 'replayed', records: range.records.length, detail: 'written, state committed, alerts sent; message deleted' };
  } catch (err) {
    return { ...at, status: 'kept', detail: `${(err as Error).name}: ${(err as Error).message.split('\n')[0]} (stream ${batch.streamArn}); left in the queue` };
  }
}

/** The stream's retention, or why the ARN's stream cannot be read (not found, another account or region). */
async function describeStream(kinesis: KinesisClient, streamArn: string, region: string): Promise<{ retentionHours: number } | string> {
  const name = streamNameOf(streamArn);
  try {
    const out = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    const found = out.StreamDescriptionSummary;
    if (found?.StreamARN !== streamArn) return `the stream ${name} found in ${region} is ${found?.StreamARN ?? 'unnamed'}, not ${streamArn} (another account or region)`;
    return { retentionHours: found.RetentionPeriodHours ?? 24 };
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return `the stream ${streamArn} does not exist in ${region} (ResourceNotFoundException)`;
    throw err;
  }
}

/** Null when the whole range is past retention; else why it may still be held. */
function pastRetention(batch: KinesisBatchInfo, retentionHours: number, now: number): string | null {
  const last = batch.approximateArrivalOfLastRecord === undefined ? NaN : Date.parse(batch.approximateArrivalOfLastRecord);
  if (Number.isNaN(last)) return 'the message has no approximateArrivalOfLastRecord to tell whether it is past retention';
  const expires = last + retentionHours * 3600_000;
  if (expires > now) return `its last record arrived ${new Date(last).toISOString()}, within the retention of ${retentionHours} h (until ${new Date(expires).toISOString()}): the shard or range is missing for another reason`;
  return null;
}
