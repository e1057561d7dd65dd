import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { TABLE_NAMES } from '../functions/sinks/table-schema.js';
import type { Construct } from 'constructs';
import { Alerting } from './alerting.js';
import { resolveParameters, type LogsiftParameters } from './config.js';
import { Dashboard } from './dashboard.js';
import { Ingest } from './ingest.js';
import { State } from './state.js';
import { acknowledgeWildcards, bucketPrefixFinding } from './nag.js';
import { StorageAndQuery } from './storage.js';

export interface LogsiftStackProps extends StackProps {
  /** Overrides of the `logsift` context parameters (lib/config.ts). */
  readonly parameters?: Partial<LogsiftParameters>;
}

/**
 * logsift on AWS: Kinesis → ingest Lambda → Parquet tables in S3 (Glue/Athena), detector state
 * and alert deduplication in DynamoDB, alerts and alarms on SNS, one dashboard.
 */
export class LogsiftStack extends Stack {
  readonly parameters: LogsiftParameters;
  readonly storage: StorageAndQuery;
  readonly state: State;
  readonly ingest: Ingest;
  readonly alerting: Alerting;

  constructor(scope: Construct, id: string, props: LogsiftStackProps = {}) {
    super(scope, id, props);
    const p = resolveParameters(this.node, props.parameters);
    this.parameters = p;

    this.storage = new StorageAndQuery(this, 'Storage', p);
    this.state = new State(this, 'State');
    this.alerting = new Alerting(this, 'Alerting', p);
    this.ingest = new Ingest(this, 'Ingest', {
      parameters: p,
      environment: {
        LOGSIFT_TABLES_BUCKET: this.storage.tables.bucketName,
        LOGSIFT_STATE_TABLE: this.state.detectorState.tableName,
        LOGSIFT_ALERTS_TABLE: this.state.alerts.tableName,
        LOGSIFT_ALERT_TOPIC_ARN: this.alerting.topic.topicArn,
        LOGSIFT_CONFIG: JSON.stringify(p.pipelineConfig),
      },
    });
    this.alerting.watch(this.ingest.fn, this.ingest.onFailure);

    // Least privilege: the handler writes each table's prefix and never reads the archive back.
    for (const table of TABLE_NAMES) this.storage.tables.grantPut(this.ingest.fn, `${table}/*`);
    this.state.detectorState.grantReadWriteData(this.ingest.fn);
    this.state.alerts.grantReadWriteData(this.ingest.fn);
    this.alerting.topic.grantPublish(this.ingest.fn);
    acknowledgeWildcards(
      this.ingest.fn.role!,
      ['Action::s3:Abort*', 'Action::kms:GenerateDataKey*', ...TABLE_NAMES.map((t) => bucketPrefixFinding(this.storage.tables, t))],
      'From grant methods, and bounded: put and abort-upload on each table prefix (`<table>/*`), no read; kms:GenerateDataKey* on the alert topic key only, which publishing to an encrypted topic needs.',
    );

    new Dashboard(this, 'Dashboard', { fn: this.ingest.fn });

    new CfnOutput(this, 'StreamName', { value: this.ingest.stream.streamName });
    new CfnOutput(this, 'TablesBucket', { value: this.storage.tables.bucketName });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.storage.workGroup.ref });
    new CfnOutput(this, 'GlueDatabase', { value: this.storage.database.ref });
    new CfnOutput(this, 'AlertTopicArn', { value: this.alerting.topic.topicArn });
    new CfnOutput(this, 'OnFailureQueueUrl', { value: this.ingest.onFailure.queueUrl });
    new CfnOutput(this, 'AnalystRoleArn', { value: this.storage.analystRole.roleArn });
    new CfnOutput(this, 'AuthReaderRoleArn', { value: this.storage.authReaderRole.roleArn });
  }
}
