import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { STATE_TABLE_KEYS } from '../../ingest/tables.js';
import type { StateStore, Versioned } from '../types.js';

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = STATE_TABLE_KEYS;

/** DynamoDB items are at most 400 KB; larger JSON is stored gzipped (detector state is repetitive text). */
const GZIP_ABOVE_BYTES = 64 * 1024;

interface StateItem {
  pk: string;
  sk: string;
  version: number;
  json?: string;
  gz?: Uint8Array;
  expires_at?: number;
}

/**
 * The group a key belongs to: its text up to and including the second ':' (`oom:host:`,
 * `cert:f:`, `etcd:v1:`). Keys of one group share a partition, so `keys(prefix)` is one Query.
 */
export function keyGroup(key: string): string {
  const first = key.indexOf(':');
  const second = first < 0 ? -1 : key.indexOf(':', first + 1);
  return second < 0 ? key : key.slice(0, second + 1);
}

/**
 * StateStore on one DynamoDB table (keys in tables.ts): conditional writes on `version`, so a
 * concurrent shard or a retried batch that lost the race re-reads (BatchStore/engine retry);
 * strongly consistent reads; TTL on the attribute CDK enables (expired items vanish lazily and
 * read as present until then, like MemoryStateStore, which keeps them). No Scan, no transactions.
 */
export class DynamoDbStateStore implements StateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { [PK]: keyGroup(key), [SK]: key }, ConsistentRead: true }),
    );
    const item = out.Item as StateItem | undefined;
    if (item === undefined) return null;
    const json = item.gz !== undefined ? gunzipSync(item.gz).toString('utf8') : (item.json ?? 'null');
    return { value: JSON.parse(json) as T, version: item.version };
  }

  async put<T>(key: string, value: T, expectedVersion: number | null, ttlEpochSeconds?: number): Promise<boolean> {
    const json = JSON.stringify(value);
    const item: StateItem = { pk: keyGroup(key), sk: key, version: (expectedVersion ?? 0) + 1 };
    if (Buffer.byteLength(json) > GZIP_ABOVE_BYTES) item.gz = gzipSync(json);
    else item.json = json;
    if (ttlEpochSeconds !== undefined) item[TTL] = ttlEpochSeconds;
    const condition: { ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } =
      expectedVersion === null
        ? { ConditionExpression: 'attribute_not_exists(#sk)', ExpressionAttributeNames: { '#sk': SK } }
        : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion } };
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { [PK]: keyGroup(key), [SK]: key } }));
  }

  /** One Query on the prefix's group; the prefix must name a whole group (at least `a:b:`). */
  async keys(prefix: string): Promise<string[]> {
    const group = keyGroup(prefix);
    if (group.split(':').length !== 3) {
      throw new Error(`state keys(${JSON.stringify(prefix)}): a prefix must name a key group (text up to a second ':')`);
    }
    const keys: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':pk': group, ':prefix': prefix },
          ProjectionExpression: '#sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) keys.push(item[SK] as string);
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return keys;
  }
}
