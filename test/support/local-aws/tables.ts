import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ALERT_TABLE_KEYS, STATE_TABLE_KEYS } from '../../../functions/ingest/tables.js';
import { createTable } from './resources.js';

/** The state table as CDK creates it (keys from functions/ingest/tables.ts; TTL is not settable on dynalite). */
export async function createStateTable(db: DynamoDBClient, name: string): Promise<void> {
  const { partitionKey, sortKey } = STATE_TABLE_KEYS;
  await createTable(db, {
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
  });
}

export async function createAlertTable(db: DynamoDBClient, name: string): Promise<void> {
  await createTable(db, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: ALERT_TABLE_KEYS.partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: ALERT_TABLE_KEYS.partitionKey, KeyType: 'HASH' }],
  });
}
