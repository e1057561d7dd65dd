import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../functions/ingest/environment.js';
import { COMPACTED_TABLES } from '../functions/store/compact.js';
import { acknowledgeWildcards, bucketPrefixFinding } from './nag.js';
import { loggedFunction } from './logged-function.js';

/**
 * The hourly compaction: an EventBridge schedule (10 minutes past each hour) runs a function
 * that merges the last complete hours' small objects of the event tables into one per hour
 * (functions/ingest/compact-handler.ts). It reads, writes and deletes those table prefixes only.
 */
export class Compaction extends Construct {
  readonly fn: NodejsFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: { tables: s3.IBucket }) {
    super(scope, id);
    this.fn = loggedFunction(this, {
      logGroupId: 'Logs',
      roleId: 'Role',
      roleDescription: 'logsift hourly compaction',
      entry: 'functions/ingest/compact-handler.ts',
      // A merged object is at most 128 MB, held with its sources: about 2 × 128 MB at worst.
      memorySize: 1024,
      timeout: Duration.minutes(10),
      // One at a time: two compactions of one hour would each merge the same objects.
      reservedConcurrentExecutions: 1,
      environment: { [ENV.tablesBucket]: props.tables.bucketName },
    });
    const role = this.fn.role as iam.IRole;
    for (const t of COMPACTED_TABLES) {
      props.tables.grantRead(this.fn, `${t}/*`);
      props.tables.grantPut(this.fn, `${t}/*`);
      props.tables.grantDelete(this.fn, `${t}/*`);
    }
    this.rule = new events.Rule(this, 'Hourly', {
      description: 'logsift: compact the last complete hours of the event tables',
      schedule: events.Schedule.cron({ minute: '10' }),
      targets: [new targets.LambdaFunction(this.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime logsift is built and tested for, as the ingest function.',
    });
    acknowledgeWildcards(
      role,
      ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*', ...COMPACTED_TABLES.map((t) => bucketPrefixFinding(props.tables, t))],
      'From grant methods, and bounded to the event table prefixes (`logs/*`, `logs_auth/*`, `quarantine/*`): compaction lists and reads them, puts the merged object and deletes its sources; nothing else in the bucket.',
    );
  }
}
