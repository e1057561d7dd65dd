import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisRecordInput } from '../../../functions/decode/kinesis-record.js';

/** Every record of a stream, shard by shard from the start, as the Lambda event would carry them. */
export async function readWholeStream(kinesis: KinesisClient, stream: string): Promise<KinesisRecordInput[]> {
  const out: KinesisRecordInput[] = [];
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  for (const shard of shards) {
    let iterator = (
      await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    while (iterator) {
      const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const r of got.Records ?? []) {
        out.push({
          data: Buffer.from(r.Data!).toString('base64'),
          shardId: shard.ShardId!,
          sequenceNumber: r.SequenceNumber!,
          approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
          partitionKey: r.PartitionKey,
        });
      }
      if ((got.Records ?? []).length === 0) break;
      iterator = got.NextShardIterator;
    }
  }
  return out;
}
