import type { KinesisStreamEvent } from 'aws-lambda';
import type { KinesisRecordInput } from '../decode/kinesis-record.js';

/** `eventID` is `<shardId>:<sequenceNumber>` in Lambda's Kinesis events. */
function shardOf(eventID: string): string {
  const colon = eventID.indexOf(':');
  return colon > 0 ? eventID.slice(0, colon) : 'unknown-shard';
}

/** The Lambda event's records in the decode stage's shape, in delivery (sequence) order. */
export function kinesisInputs(event: KinesisStreamEvent): KinesisRecordInput[] {
  return (event.Records ?? []).map((r) => ({
    data: r.kinesis.data,
    shardId: shardOf(r.eventID),
    sequenceNumber: r.kinesis.sequenceNumber,
    approximateArrivalTimestamp: r.kinesis.approximateArrivalTimestamp,
    partitionKey: r.kinesis.partitionKey,
  }));
}
