import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

import { ALERT_TABLE_KEYS, STATE_TABLE_KEYS } from '../functions/ingest/tables.js';

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
      // Both stores write their expiry to the same attribute (functions/ingest/tables.ts).
      timeToLiveAttribute: STATE_TABLE_KEYS.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    // Partition key = key group, sort key = full key: keys(prefix) is a Query, never a Scan.
    this.detectorState = new dynamodb.TableV2(this, 'DetectorState', {
      ...common,
      partitionKey: { name: STATE_TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATE_TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
    });
    this.alerts = new dynamodb.TableV2(this, 'AlertDedup', {
      ...common,
      partitionKey: { name: ALERT_TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
    });
  }
}
