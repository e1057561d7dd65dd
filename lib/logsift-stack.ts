import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * The storage and messaging logsift runs between. The Lambda functions, Firehose, Glue tables
 * and alarms join in the runtime issue; this stack is what they attach to.
 */
export class LogsiftStack extends Stack {
  readonly stream: kinesis.Stream;
  readonly archive: s3.Bucket;
  readonly alerts: sns.Topic;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.stream = new kinesis.Stream(this, 'Ingest', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: Duration.hours(24),
    });

    this.archive = new s3.Bucket(this, 'Archive', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'archive-tiering', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }] }],
    });

    this.alerts = new sns.Topic(this, 'Alerts', { displayName: 'logsift findings', enforceSSL: true });
  }
}
