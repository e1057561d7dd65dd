import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { kinesisInputs } from '../pipeline/kinesis-event.js';
import type { KinesisRecordInput } from '../decode/kinesis-record.js';
import { parseOnFailureRecord } from './on-failure-record.js';
import { readShardRange } from './shard-range.js';

/** What became of one on-failure message. */
export interface ReplayOutcome {
  messageId: string;
  /** replayed: processed and the message deleted; expired: the stream no longer holds the range; failed: the batch failed again; unreadable: not a Kinesis on-failure record. */
  status: 'replayed' | 'expired' | 'failed' | 'unreadable';
  shardId: string | null;
  startSequenceNumber: string | null;
  endSequenceNumber: string | null;
  records: number;
  detail: string;
}

export interface ReplayDeps {
  sqs: SQSClient;
  kinesis: KinesisClient;
  region: string;
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
}

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
  const at = { messageId, shardId: batch.shardId, startSequenceNumber: batch.startSequenceNumber, endSequenceNumber: batch.endSequenceNumber };
  const range = await readShardRange(deps.kinesis, batch, deps.region);
  if (!range.complete) {
    const fate = opts.dropExpired === true ? 'message deleted (--drop-expired)' : 'left in the queue';
    return { ...at, status: 'expired', records: 0, detail: `the stream no longer holds this range (past its retention, or the shard is gone); ${fate}` };
  }
  const error = await deps.processBatch(kinesisInputs({ Records: range.records }));
  if (error !== null) return { ...at, status: 'failed', records: range.records.length, detail: `${error}; left in the queue` };
  return { ...at, status: 'replayed', records: range.records.length, detail: 'written, state committed, alerts sent; message deleted' };
}
