import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Key names the runtime's DynamoDB stores use (functions/ingest/environment.ts documents the same). */
export const STATE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttl: 'ttl' } as const;
export const ALERT_KEYS = { partitionKey: 'finding_id', ttl: 'ttl' } as const;

/**
 * Detector state and alert deduplication: on-demand (traffic follows the log volume), TTL so
 * closed windows and old alert claims clean themselves up, point-in-time recovery, encrypted.
 */
export class State extends Construct {
  readonly detectorState: dynamodb.TableV2;
  readonly alerts: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const common = {
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: STATE_KEYS.ttl,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    // Partition key = key group, sort key = full key: keys(prefix) is a Query, never a Scan.
    this.detectorState = new dynamodb.TableV2(this, 'DetectorState', {
      ...common,
      partitionKey: { name: STATE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
    });
    this.alerts = new dynamodb.TableV2(this, 'AlertDedup', {
      ...common,
      partitionKey: { name: ALERT_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
    });
  }
}
