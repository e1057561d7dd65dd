import { ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { toLambdaRecord } from '../../../functions/replay/shard-range.js';
import { readShard } from '../../support/ship/read-stream.js';

export type KinesisHandler = (event: KinesisStreamEvent, context: any) => Promise<KinesisStreamBatchResponse | void>;

/** One invocation as the test saw it. */
export interface Invocation {
  shardId: string;
  sequenceNumbers: string[];
  outcome: 'ok' | 'partial-failure' | 'function-error';
  retryFrom?: string;
}

export interface PollerOptions {
  streamName: string;
  streamArn: string;
  batchSize: number;
  /** Lambda's BisectBatchOnFunctionError: a batch whose invocation failed is split in two. */
  bisectOnFunctionError: boolean;
  /** Runs before each invocation; may arm faults. */
  beforeInvoke?: (inv: { shardId: string; records: readonly KinesisStreamRecord[]; attempt: number }) => void;
  /** True when the invocation just made must count as a function error (the process "died"), whatever it returned. */
  crashed?: () => boolean;
  /** Runs after each invocation with its index in the returned list. */
  afterInvoke?: (index: number) => Promise<void>;
  /** Deliver this batch (by shard and position) a second time after it succeeded: at-least-once delivery. */
  redeliver?: (shardId: string, batchIndex: number) => boolean;
  maxAttemptsPerBatch?: number;
}

/**
 * Plays Lambda's Kinesis event source mapping against kinesalite: per shard, in order,
 * GetShardIterator and GetRecords; each batch becomes a real KinesisStreamEvent for the
 * handler. A partial failure (batchItemFailures) checkpoints before the reported record and
 * retries from it; a function error retries the batch, split in two when bisect is on.
 */
export async function pollStream(kinesis: KinesisClient, handler: KinesisHandler, opts: PollerOptions): Promise<Invocation[]> {
  const invocations: Invocation[] = [];
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: opts.streamName }))).Shards ?? [];
  for (const shard of shards) {
    const shardId = shard.ShardId!;
    const all = await readShard(kinesis, opts.streamName, shardId);
    let next = 0;
    let batchIndex = 0;
    while (next < all.length) {
      const batch = all.slice(next, next + opts.batchSize).map((r) => toLambdaRecord(r, { shardId, streamArn: opts.streamArn }, 'us-east-1'));
      await deliver(batch, 1);
      if (opts.redeliver?.(shardId, batchIndex)) await deliver(batch, 1);
      next += batch.length;
      batchIndex++;
    }
  }
  return invocations;

  /** Delivers until the batch succeeds: retries from the reported record, or the halves after a function error. */
  async function deliver(records: KinesisStreamRecord[], attempt: number): Promise<void> {
    if (records.length === 0) return;
    if (attempt > (opts.maxAttemptsPerBatch ?? 10)) throw new Error(`batch at ${records[0].kinesis.sequenceNumber} kept failing`);
    const shardId = records[0].eventID.split(':')[0];
    opts.beforeInvoke?.({ shardId, records, attempt });
    const inv: Invocation = { shardId, sequenceNumbers: records.map((r) => r.kinesis.sequenceNumber), outcome: 'ok' };
    invocations.push(inv);
    let response: KinesisStreamBatchResponse | void = undefined;
    try {
      response = await handler({ Records: records }, lambdaContext());
    } catch {
      inv.outcome = 'function-error';
    }
    if (opts.crashed?.()) inv.outcome = 'function-error';
    await opts.afterInvoke?.(invocations.length - 1);
    if (inv.outcome === 'function-error') {
      if (opts.bisectOnFunctionError && records.length > 1) {
        const half = Math.ceil(records.length / 2);
        await deliver(records.slice(0, half), attempt + 1);
        await deliver(records.slice(half), attempt + 1);
      } else await deliver(records, attempt + 1);
      return;
    }
    const failures = (response ?? { batchItemFailures: [] }).batchItemFailures ?? [];
    if (failures.length === 0) return;
    // Lambda checkpoints before the lowest reported sequence number and retries from there.
    const from = failures.map((f) => f.itemIdentifier).sort(compareSeq)[0];
    inv.outcome = 'partial-failure';
    inv.retryFrom = from;
    const at = records.findIndex((r) => r.kinesis.sequenceNumber === from);
    await deliver(at < 0 ? records : records.slice(at), attempt + 1);
  }
}

function compareSeq(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function lambdaContext() {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'logsift-ingest',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:logsift-ingest',
    memoryLimitInMB: '1024',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: '/aws/lambda/logsift-ingest',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
