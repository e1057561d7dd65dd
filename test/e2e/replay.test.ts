import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ENV } from '../../functions/ingest/environment.js';
import { cli } from '../cli/run-cli.js';
import { localClients } from '../support/local-aws/clients.js';
import { createStream } from '../support/local-aws/resources.js';
import { localAwsEnv } from '../support/local-aws/servers.js';
import { createAlertTable, createStateTable } from '../support/local-aws/tables.js';
import { downloadBucket, queryStore } from './support/tables.js';

const endpoints = inject('localAws');
const aws = localClients(endpoints);
const NAMES = { stream: 'e2e-replay', bucket: 'e2e-replay-tables', state: 'e2e-replay-state', alerts: 'e2e-replay-alerts', topic: 'e2e-replay-topic', queue: 'e2e-replay-dlq' };
const LINES = ['one', 'two', 'three', 'four', 'five'].map((w, i) => `<30>1 2026-11-26T10:00:0${i}.000000Z cp-1 app 1 - - replay line ${w}`);

/** The message Lambda's event source mapping sends to its on-failure destination (docs: kinesis-on-failure-destination). */
function onFailureMessage(streamArn: string, shardId: string, start: string, end: string, batchSize: number): string {
  return JSON.stringify({
    requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:ingest', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-11-26T10:05:00.000Z',
    KinesisBatchInfo: { shardId, startSequenceNumber: start, endSequenceNumber: end, approximateArrivalOfFirstRecord: '2026-11-26T10:00:00.000Z', approximateArrivalOfLastRecord: '2026-11-26T10:00:03.000Z', batchSize, streamArn },
  });
}

describe('logsift replay --from-dlq against the local stand-ins', () => {
  let queueUrl = '';
  let streamArn = '';
  const sequences: string[] = [];

  beforeAll(async () => {
    streamArn = (await createStream(aws.kinesis, NAMES.stream, 1)).StreamARN!;
    for (const line of LINES) {
      const put = await aws.kinesis.send(new PutRecordCommand({ StreamName: NAMES.stream, PartitionKey: 'cp-1', Data: Buffer.from(line) }));
      sequences.push(put.SequenceNumber!);
    }
    await aws.s3.send(new CreateBucketCommand({ Bucket: NAMES.bucket }));
    await createStateTable(aws.dynamodb, NAMES.state);
    await createAlertTable(aws.dynamodb, NAMES.alerts);
    const topic = await aws.sns.send(new CreateTopicCommand({ Name: NAMES.topic }));
    queueUrl = (await aws.sqs.send(new CreateQueueCommand({ QueueName: NAMES.queue }))).QueueUrl!;
    Object.assign(process.env, localAwsEnv(endpoints), {
      [ENV.tablesBucket]: NAMES.bucket,
      [ENV.stateTable]: NAMES.state,
      [ENV.alertTable]: NAMES.alerts,
      [ENV.alertTopicArn]: topic.TopicArn!,
    });
    // The batch Lambda gave up on (records 2 to 4), delivered twice as SQS may; a range on a shard
    // the stream does not have (as after a reshard past retention); and a message that is not one.
    const batch = onFailureMessage(streamArn, 'shardId-000000000000', sequences[1], sequences[3], 3);
    for (const body of [batch, batch, onFailureMessage(streamArn, 'shardId-000000000009', sequences[0], sequences[0], 1), 'not json']) {
      await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    }
  });

  it('replays the named range once into the tables, and keeps what it could not replay in the queue', async () => {
    const r = await cli(['replay', '--from-dlq', queueUrl, '--json']);
    expect(r.code).toBe(1);
    const byStatus = (s: string) => r.lines.filter((o) => o.status === s);
    expect(byStatus('replayed')).toHaveLength(2);
    for (const o of byStatus('replayed')) expect(o).toMatchObject({ shardId: 'shardId-000000000000', startSequenceNumber: sequences[1], endSequenceNumber: sequences[3], records: 3 });
    expect(byStatus('expired')).toMatchObject([{ shardId: 'shardId-000000000009', records: 0 }]);
    expect(byStatus('unreadable')).toHaveLength(1);
    expect(byStatus('unreadable')[0].detail).toMatch(/^not a Kinesis on-failure record: not JSON/);

    // The same range twice wrote the same objects: each of the three lines is in `logs` once.
    const { dir } = await downloadBucket(aws.s3, NAMES.bucket);
    const query = await queryStore(dir);
    const rows = await query('select message, count(*)::INTEGER as n from logs group by message order by message');
    expect(rows).toEqual(['replay line four', 'replay line three', 'replay line two'].map((message) => ({ message, n: 1 })));

    // Replayed messages are deleted; the other two stay (invisible while this run holds them).
    const attrs = await aws.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Number(attrs.Attributes!.ApproximateNumberOfMessages) + Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible)).toBe(2);
  });

  it('says what is wrong with its arguments', async () => {
    const r = await cli(['replay']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('logsift: replay needs --from-dlq QUEUE_URL (see logsift replay --help)\n');
    const help = await cli(['replay', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--from-dlq', '--max-messages', '--drop-expired', '--region', '--json']) expect(help.stdout).toContain(option);
  });
});

describe('logsift replay --drop-expired deletes only what is really past retention, in the ARN\'s region', () => {
  const stream = 'e2e-replay-drop';
  let queueUrl = '';
  let arn = '';
  let seq = '';
  const old = '2026-11-26T10:00:03.000Z'; // far past kinesalite's 24 h retention
  const message = (streamArn: string, shardId: string, lastArrival: string) =>
    JSON.parse(onFailureMessage(streamArn, shardId, seq, seq, 1), (k, v) => (k === 'approximateArrivalOfLastRecord' ? lastArrival : v));

  beforeAll(async () => {
    arn = (await createStream(aws.kinesis, stream, 1)).StreamARN!;
    seq = (await aws.kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'cp-1', Data: Buffer.from(LINES[0]) }))).SequenceNumber!;
    queueUrl = (await aws.sqs.send(new CreateQueueCommand({ QueueName: 'e2e-replay-drop-dlq' }))).QueueUrl!;
    Object.assign(process.env, localAwsEnv(endpoints), { [ENV.tablesBucket]: NAMES.bucket, [ENV.stateTable]: NAMES.state, [ENV.alertTable]: NAMES.alerts });
    const bodies = [
      message(arn.replace(`stream/${stream}`, 'stream/e2e-replay-gone'), 'shardId-000000000009', old), // a stream that does not exist
      message(arn.replace(':us-east-1:', ':eu-west-1:'), 'shardId-000000000009', old), // the same name in another region
      message(arn, 'shardId-000000000009', new Date().toISOString()), // a shard missing within retention
      message(arn, 'shardId-000000000009', old), // really expired
    ];
    for (const b of bodies) await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(b) }));
  });

  it('keeps stream-not-found, another region\'s stream and a range within retention, with the reason; exit 1', async () => {
    const r = await cli(['replay', '--from-dlq', queueUrl, '--drop-expired', '--json']);
    expect(r.code).toBe(1);
    const kept = r.lines.filter((o) => o.status === 'kept').map((o) => o.detail as string);
    expect(kept).toHaveLength(3);
    expect(kept.find((d) => d.includes('e2e-replay-gone'))).toMatch(/^the stream arn:aws:kinesis:us-east-1:\d+:stream\/e2e-replay-gone does not exist in us-east-1 \(ResourceNotFoundException\); left in the queue$/);
    expect(kept.find((d) => d.includes('eu-west-1'))).toMatch(/^the stream e2e-replay-drop found in eu-west-1 is arn:aws:kinesis:us-east-1:.*\(another account or region\); left in the queue$/);
    expect(kept.find((d) => d.includes('within the retention'))).toMatch(/^the stream does not hold this range, but its last record arrived .* within the retention of 24 h/);
    expect(r.lines.filter((o) => o.status === 'expired').map((o) => o.detail)).toEqual(["the range is past the stream's retention of 24 h; message deleted (--drop-expired)"]);
    const attrs = await aws.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Number(attrs.Attributes!.ApproximateNumberOfMessages) + Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible)).toBe(3);
  });
});
