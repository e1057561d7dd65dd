import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ALERT_TABLE_KEYS, STATE_TABLE_KEYS } from '../../../functions/ingest/tables.js';

/** The state table as CDK creates it (keys from functions/ingest/tables.ts; TTL is not settable on dynalite). */
export async function createStateTable(db: DynamoDBClient, name: string): Promise<void> {
  const { partitionKey, sortKey } = STATE_TABLE_KEYS;
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        { AttributeName: sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  await untilActive(db, name);
}

/** dynalite answers CreateTable at once but serves the table only when it is ACTIVE. */
async function untilActive(db: DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const d = await db.send(new DescribeTableCommand({ TableName: name }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}

export async function createAlertTable(db: DynamoDBClient, name: string): Promise<void> {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: ALERT_TABLE_KEYS.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: ALERT_TABLE_KEYS.partitionKey, KeyType: 'HASH' }],
    }),
  );
  await untilActive(db, name);
}
