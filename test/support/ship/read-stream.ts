import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import type { KinesisRecordInput } from '../../../functions/decode/kinesis-record.js';
import { kinesisInputs } from '../../../functions/pipeline/kinesis-event.js';
import { toLambdaRecord } from '../../../functions/replay/shard-range.js';

/** One shard's records from the start (TRIM_HORIZON) to its current end. */
export async function readShard(kinesis: KinesisClient, stream: string, shardId: string): Promise<_Record[]> {
  const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const out: _Record[] = [];
  let iterator = it.ShardIterator;
  for (let i = 0; iterator && i < 1000; i++) {
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
    out.push(...(got.Records ?? []));
    if ((got.Records ?? []).length === 0 || got.MillisBehindLatest === 0) break;
    iterator = got.NextShardIterator;
  }
  return out;
}

/** Every record of a stream, shard by shard from the start, as the Lambda event would carry them. */
export async function readWholeStream(kinesis: KinesisClient, stream: string): Promise<KinesisRecordInput[]> {
  const out: KinesisRecordInput[] = [];
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  for (const shard of shards) {
    const records = await readShard(kinesis, stream, shard.ShardId!);
    out.push(...kinesisInputs({ Records: records.map((r) => toLambdaRecord(r, { shardId: shard.ShardId!, streamArn: '' }, 'us-east-1')) }));
  }
  return out;
}
