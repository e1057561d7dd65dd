import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { OUTBOX_PREFIX } from '../functions/detect/state/findings-outbox.js';
import { ENV, POWERTOOLS_ENV } from '../functions/ingest/environment.js';
import { FINDING_PAGES_PREFIX } from '../functions/report/finding-pages.js';
import { TABLE_NAMES } from '../functions/sinks/table-schema.js';
import type { Construct } from 'constructs';
import { Alerting } from './alerting.js';
import { resolveParameters, type LogsiftParameters } from './config.js';
import { Dashboard } from './dashboard.js';
import { Compaction } from './compaction.js';
import { Ingest } from './ingest.js';
import { State } from './state.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from './metrics.js';
import { replayEnvironmentLine } from './replay-environment.js';
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
  readonly compaction: Compaction;
  readonly alerting: Alerting;

  constructor(scope: Construct, id: string, props: LogsiftStackProps = {}) {
    super(scope, id, props);
    const p = resolveParameters(this.node, props.parameters);
    this.parameters = p;

    this.storage = new StorageAndQuery(this, 'Storage', p);
    this.state = new State(this, 'State');
    this.alerting = new Alerting(this, 'Alerting', p);
    // The names the handler reads (functions/ingest/environment.ts); it validates them and the config
    // at cold start. `logsift replay` reads the same ones (the ReplayEnvironment output).
    const pipelineEnvironment = {
      [ENV.tablesBucket]: this.storage.tables.bucketName,
      [ENV.stateTable]: this.state.detectorState.tableName,
      [ENV.alertTable]: this.state.alerts.tableName,
      [ENV.alertTopicArn]: this.alerting.topic.topicArn,
      [ENV.configJson]: JSON.stringify(p.pipelineConfig),
    };
    this.ingest = new Ingest(this, 'Ingest', {
      parameters: p,
      environment: {
        ...pipelineEnvironment,
        [POWERTOOLS_ENV.serviceName]: SERVICE_NAME,
        [POWERTOOLS_ENV.metricsNamespace]: METRICS_NAMESPACE,
        [POWERTOOLS_ENV.logLevel]: 'INFO',
      },
    });
    this.alerting.watch(this.ingest.fn, this.ingest.onFailure);

    // Least privilege: the handler writes each table's prefix and never reads the archive back;
    // it reads back only its own findings outbox (what a batch found, kept across a crash).
    for (const table of TABLE_NAMES) this.storage.tables.grantPut(this.ingest.fn, `${table}/*`);
    this.storage.tables.grantReadWrite(this.ingest.fn, `${OUTBOX_PREFIX}*`);
    // Each finding's HTML page (functions/report/finding-pages.ts): written, never read back.
    this.storage.tables.grantPut(this.ingest.fn, `${FINDING_PAGES_PREFIX}*`);
    this.state.detectorState.grantReadWriteData(this.ingest.fn);
    this.state.alerts.grantReadWriteData(this.ingest.fn);
    this.alerting.topic.grantPublish(this.ingest.fn);
    acknowledgeWildcards(
      this.ingest.fn.role!,
      [
        'Action::s3:Abort*',
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::kms:GenerateDataKey*',
        ...TABLE_NAMES.map((t) => bucketPrefixFinding(this.storage.tables, t)),
        bucketPrefixFinding(this.storage.tables, OUTBOX_PREFIX.slice(0, -1)),
        bucketPrefixFinding(this.storage.tables, FINDING_PAGES_PREFIX.slice(0, -1)),
      ],
      'From grant methods, and bounded: put and abort-upload on each table prefix (`<table>/*`) and on the finding pages (`reports/findings/*`), no read; read/write on the findings outbox prefix (`_outbox/*`) only; kms:GenerateDataKey* on the alert topic key only, which publishing to an encrypted topic needs.',
    );

    // Hourly: the last complete hours' small objects merged into one per table and hour.
    this.compaction = new Compaction(this, 'Compaction', { tables: this.storage.tables });

    new Dashboard(this, 'Dashboard', { fn: this.ingest.fn });

    new CfnOutput(this, 'StreamName', { value: this.ingest.stream.streamName });
    new CfnOutput(this, 'TablesBucket', { value: this.storage.tables.bucketName });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.storage.workGroup.ref });
    new CfnOutput(this, 'GlueDatabase', { value: this.storage.database.ref });
    new CfnOutput(this, 'AlertTopicArn', { value: this.alerting.topic.topicArn });
    new CfnOutput(this, 'OnFailureQueueUrl', { value: this.ingest.onFailure.queueUrl });
    new CfnOutput(this, 'AnalystRoleArn', { value: this.storage.analystRole.roleArn });
    new CfnOutput(this, 'AuthReaderRoleArn', { value: this.storage.authReaderRole.roleArn });
    new CfnOutput(this, 'StateTable', { value: this.state.detectorState.tableName });
    new CfnOutput(this, 'AlertTable', { value: this.state.alerts.tableName });
    new CfnOutput(this, 'ReplayEnvironment', {
      description: 'eval this line to give `logsift replay` the ingest function\'s environment (docs/install.md)',
      value: replayEnvironmentLine(pipelineEnvironment, this.region),
    });
  }
}
