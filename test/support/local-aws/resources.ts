import { CreateTableCommand, waitUntilTableExists, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, waitUntilStreamExists, type KinesisClient, type StreamDescription } from '@aws-sdk/client-kinesis';

/**
 * How the tests wait for a resource they created: the SDK's own waiters (the acceptors AWS
 * documents: ACTIVE, or retry while the resource is missing or CREATING), polled from 50 ms and
 * backing off, up to a minute on a loaded machine. Never a fixed sleep. The SDK's defaults
 * (minDelay 10 s for Kinesis, 20 s for DynamoDB) would make every test slow.
 */
const WAITER = { maxWaitTime: 60, minDelay: 0.05, maxDelay: 1 } as const;

/** CreateStream, then the stream's description once it is ACTIVE. */
export async function createStream(kinesis: KinesisClient, name: string, shards: number): Promise<StreamDescription> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  const done = await waitUntilStreamExists({ client: kinesis, ...WAITER }, { StreamName: name });
  return (done.reason as { StreamDescription: StreamDescription }).StreamDescription;
}

/** CreateTable, then wait until the table is ACTIVE (dynalite, like DynamoDB, refuses items before). */
export async function createTable(db: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  await db.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client: db, ...WAITER }, { TableName: input.TableName });
}
