/**
 * What Lambda's event source mapping sends to its on-failure destination for a Kinesis batch it
 * gave up on: metadata only (no records), naming the shard and the sequence range to re-read.
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export interface KinesisBatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
  batchSize: number;
  approximateArrivalOfFirstRecord?: string;
  approximateArrivalOfLastRecord?: string;
}

export interface OnFailureRecord {
  condition: string;
  batch: KinesisBatchInfo;
}

const SEQUENCE = /^\d{1,128}$/;

/** Reads one on-failure message body; throws an Error that says what is wrong with it. */
export function parseOnFailureRecord(body: string): OnFailureRecord {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new Error('not JSON');
  }
  const info = (doc as { KinesisBatchInfo?: Partial<KinesisBatchInfo> } | null)?.KinesisBatchInfo;
  if (typeof info !== 'object' || info === null) throw new Error('no KinesisBatchInfo: not a Kinesis on-failure record');
  const { shardId, startSequenceNumber, endSequenceNumber, streamArn, batchSize } = info;
  if (typeof shardId !== 'string' || shardId.length === 0) throw new Error('KinesisBatchInfo.shardId is missing');
  if (typeof startSequenceNumber !== 'string' || !SEQUENCE.test(startSequenceNumber)) throw new Error('KinesisBatchInfo.startSequenceNumber is not a sequence number');
  if (typeof endSequenceNumber !== 'string' || !SEQUENCE.test(endSequenceNumber)) throw new Error('KinesisBatchInfo.endSequenceNumber is not a sequence number');
  if (BigInt(endSequenceNumber) < BigInt(startSequenceNumber)) throw new Error('KinesisBatchInfo ends before it starts');
  if (typeof streamArn !== 'string' || !streamArn.startsWith('arn:')) throw new Error('KinesisBatchInfo.streamArn is not an ARN');
  const condition = (doc as { requestContext?: { condition?: unknown } }).requestContext?.condition;
  return {
    condition: typeof condition === 'string' ? condition : 'unknown',
    batch: {
      shardId,
      startSequenceNumber,
      endSequenceNumber,
      streamArn,
      batchSize: typeof batchSize === 'number' ? batchSize : 0,
      approximateArrivalOfFirstRecord: info.approximateArrivalOfFirstRecord,
      approximateArrivalOfLastRecord: info.approximateArrivalOfLastRecord,
    },
  };
}
