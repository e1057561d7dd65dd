import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, inject, it } from 'vitest';
import { DynamoDbStateStore, keyGroup } from '../../functions/detect/state/dynamodb-store.js';
import { localClients } from '../support/local-aws/clients.js';
import { createStateTable } from '../support/local-aws/tables.js';
import { stateStoreContract } from '../detect/state/store-contract.js';

const { dynamodb } = localClients(inject('localAws'));
const doc = DynamoDBDocumentClient.from(dynamodb);
let tables = 0;

async function freshTable(): Promise<string> {
  const name = `state-contract-${process.pid}-${tables++}`;
  await createStateTable(dynamodb, name);
  return name;
}

// The same contract MemoryStateStore passes, against dynalite.
stateStoreContract('DynamoDbStateStore', async () => ({ store: new DynamoDbStateStore(doc, await freshTable()), ns: '' }));

it('groups keys into partitions by their first two parts, and stores the TTL CDK enables', async () => {
  expect(keyGroup('cert:f:abc')).toBe('cert:f:');
  expect(keyGroup('etcd:v1:lead:c1')).toBe('etcd:v1:');
  const table = await freshTable();
  const store = new DynamoDbStateStore(doc, table);
  await store.put('cert:f:abc', 1, null, 1_900_000_000);
  const items = await dynamodb.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'cert:f:' } } }),
  );
  expect(items.Items?.map((i) => [i.sk.S, i.expires_at?.N])).toEqual([['cert:f:abc', '1900000000']]);
});

it('refuses a prefix that names no whole group rather than scanning', async () => {
  const store = new DynamoDbStateStore(doc, await freshTable());
  await expect(store.keys('cert:')).rejects.toThrow(/key group/);
});
