import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { KinesisBatchInfo } from './on-failure-record.js';

/** Records per GetRecords call; the API allows up to 10,000. */
const PAGE = 1000;
/** GetRecords calls that return nothing before the range is declared over (a shard can have gaps). */
const EMPTY_PAGES_LIMIT = 5;

export interface ShardRange {
  records: KinesisStreamRecord[];
  /** False when the stream no longer holds the start of the range (past its retention). */
  complete: boolean;
}

/**
 * Re-reads one shard's records from `startSequenceNumber` through `endSequenceNumber` and shapes
 * them as Lambda's KinesisStreamEvent records, so they go through the same handler code.
 */
export async function readShardRange(kinesis: KinesisClient, batch: KinesisBatchInfo, region: string): Promise<ShardRange> {
  const end = BigInt(batch.endSequenceNumber);
  const start = BigInt(batch.startSequenceNumber);
  let iterator: string | undefined;
  try {
    const it = await kinesis.send(
      new GetShardIteratorCommand({
        // By name: every Kinesis API version (and kinesalite) takes StreamName; the ARN ends in `stream/<name>`.
        StreamName: streamNameOf(batch.streamArn),
        ShardId: batch.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: batch.startSequenceNumber,
      }),
    );
    iterator = it.ShardIterator;
  } catch (err) {
    // The start is gone (trimmed by retention) or the shard is: nothing can be re-read.
    if ((err as Error).name === 'InvalidArgumentException' || (err as Error).name === 'ResourceNotFoundException') return { records: [], complete: false };
    throw err;
  }
  const records: KinesisStreamRecord[] = [];
  let empty = 0;
  let first = true;
  while (iterator !== undefined) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: PAGE }));
    const got = page.Records ?? [];
    if (first && got.length > 0 && BigInt(got[0].SequenceNumber ?? '0') !== start) return { records: [], complete: false };
    first = first && got.length === 0;
    for (const r of got) {
      if (BigInt(r.SequenceNumber ?? '0') > end) return { records, complete: true };
      records.push(toLambdaRecord(r, batch, region));
    }
    if (records.length > 0 && BigInt(records[records.length - 1].kinesis.sequenceNumber) === end) return { records, complete: true };
    empty = got.length === 0 ? empty + 1 : 0;
    // The end of an open shard, or a closed shard's end: the range is what was read.
    if (empty >= EMPTY_PAGES_LIMIT || page.NextShardIterator === undefined) break;
    iterator = page.NextShardIterator;
  }
  return { records, complete: records.length > 0 };
}

export function streamNameOf(streamArn: string): string {
  const at = streamArn.lastIndexOf(':stream/');
  return at >= 0 ? streamArn.slice(at + ':stream/'.length) : streamArn;
}

/** One GetRecords record in the shape Lambda delivers it (base64 data, arrival time in seconds). */
export function toLambdaRecord(r: _Record, batch: Pick<KinesisBatchInfo, 'shardId' | 'streamArn'>, region: string): KinesisStreamRecord {
  const arrival = r.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.PartitionKey ?? '',
      sequenceNumber: r.SequenceNumber ?? '',
      data: Buffer.from(r.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp: arrival / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${batch.shardId}:${r.SequenceNumber ?? ''}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: '',
    awsRegion: region,
    eventSourceARN: batch.streamArn,
  };
}
