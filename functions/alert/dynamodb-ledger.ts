import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Finding } from '../detect/types.js';
import { ALERT_TABLE_KEYS } from '../ingest/tables.js';
import { ledgerKey, type AlertLedger } from './ledger.js';
import { SEVERITY_RANK } from './severity.js';

/** How long a paged finding stays known: longer than any finding keeps growing (churn windows are minutes). */
export const ALERT_TTL_SECONDS = 14 * 24 * 3600;

/**
 * The AlertLedger on DynamoDB: one item per finding_id (and one per resolved finding, ledgerKey), claimed by a conditional put (new, or
 * a higher severity, or the same owner's pending claim), TTL on `expires_at`.
 */
export class DynamoDbAlertLedger implements AlertLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(f: Finding, owner: string): Promise<boolean> {
    const nowMs = this.now(); // one instant for the claim time and its expiry
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [ALERT_TABLE_KEYS.partitionKey]: ledgerKey(f),
            type: f.type,
            severity: f.severity,
            severity_rank: SEVERITY_RANK[f.severity],
            status: 'pending',
            owner,
            claimed_at: new Date(nowMs).toISOString(),
            [ALERT_TABLE_KEYS.ttlAttribute]: Math.floor(nowMs / 1000) + ALERT_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(#id) OR #rank < :rank OR (#status = :pending AND #owner = :owner)',
          ExpressionAttributeNames: { '#id': ALERT_TABLE_KEYS.partitionKey, '#rank': 'severity_rank', '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: { ':rank': SEVERITY_RANK[f.severity], ':pending': 'pending', ':owner': owner },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  async markSent(f: Finding, owner: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [ALERT_TABLE_KEYS.partitionKey]: ledgerKey(f) },
          UpdateExpression: 'SET #status = :sent',
          // Only our own claim: a higher-severity claim by another reporter stays pending until it is sent.
          ConditionExpression: '#owner = :owner AND #rank = :rank',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner', '#rank': 'severity_rank' },
          ExpressionAttributeValues: { ':sent': 'sent', ':owner': owner, ':rank': SEVERITY_RANK[f.severity] },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
}
