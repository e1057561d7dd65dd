import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { localClients } from '../support/local-aws/clients.js';
import { createStream, createTable } from '../support/local-aws/resources.js';

// The stand-ins the e2e tests rely on, each checked for the calls logsift makes, on loopback only.
describe('local AWS stand-ins', () => {
  const endpoints = inject('localAws');
  const c = localClients(endpoints);

  it('listen on 127.0.0.1 only', () => {
    for (const url of Object.values(endpoints)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  // The stand-ins take a while to create, as AWS does (serve.mjs): these two failed every run
  // when they used the stream or table right after creating it; they now wait as the SDK does.
  it('kinesalite creates a stream and takes a record', async () => {
    const d = await createStream(c.kinesis, 'smoke', 1);
    expect(d.StreamStatus).toBe('ACTIVE');
    const put = await c.kinesis.send(new PutRecordCommand({ StreamName: 'smoke', PartitionKey: 'k', Data: Buffer.from('x') }));
    expect(put.SequenceNumber).toMatch(/^\d+$/);
  });

  it('dynalite does a conditional put', async () => {
    await createTable(c.dynamodb, {
      TableName: 'smoke',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    });
    const put = () =>
      c.dynamodb.send(new PutItemCommand({ TableName: 'smoke', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await put();
    await expect(put()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const got = await c.dynamodb.send(new GetItemCommand({ TableName: 'smoke', Key: { pk: { S: 'a' } } }));
    expect(got.Item?.pk.S).toBe('a');
  });

  it('fauxqs stores S3 objects byte for byte and delivers SNS to SQS with attributes', async () => {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'smoke' }));
    const body = Buffer.from([0, 1, 2, 255, 254]);
    await c.s3.send(new PutObjectCommand({ Bucket: 'smoke', Key: 'a/b.bin', Body: body }));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'smoke', Key: 'a/b.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);

    const topic = await c.sns.send(new CreateTopicCommand({ Name: 'smoke' }));
    const queue = await c.sqs.send(new CreateQueueCommand({ QueueName: 'smoke' }));
    const attrs = await c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }));
    await c.sns.send(
      new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: attrs.Attributes!.QueueArn, Attributes: { RawMessageDelivery: 'true' } }),
    );
    await c.sns.send(
      new PublishCommand({ TopicArn: topic.TopicArn, Message: 'hello', MessageAttributes: { type: { DataType: 'String', StringValue: 'oom_kill' } } }),
    );
    const msgs = await c.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect(msgs.Messages?.[0]?.Body).toBe('hello');
    expect(msgs.Messages?.[0]?.MessageAttributes?.type?.StringValue).toBe('oom_kill');
  });
});
