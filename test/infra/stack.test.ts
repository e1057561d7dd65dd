import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ENV, readEnvironment } from '../../functions/ingest/environment.js';
import { ALERT_TABLE_KEYS, STATE_TABLE_KEYS } from '../../functions/ingest/tables.js';
import { TABLE_NAMES, TABLES } from '../../functions/sinks/table-schema.js';
import { visibleRowsSql } from '../../functions/store/visible-objects.js';
import { LogsiftStack } from '../../lib/logsift-stack.js';

// One synth for the whole file: bundling the handler with esbuild is the slow part.
const app = new App();
const stack = new LogsiftStack(app, 'Test');
const template = Template.fromStack(stack);
const resources = (type: string): Record<string, any> => template.findResources(type);
const only = (type: string): any => {
  const found = Object.values(resources(type));
  expect(found, type).toHaveLength(1);
  return found[0];
};

/** Every statement of every IAM policy attached to the role whose logical id starts with `prefix`. */
function statementsOf(rolePrefix: string): any[] {
  const roleId = Object.keys(resources('AWS::IAM::Role')).find((id) => id.startsWith(rolePrefix));
  expect(roleId, rolePrefix).toBeDefined();
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
/** The function whose logical id starts with `prefix`. */
const fnNamed = (prefix: string): any => {
  const found = Object.entries(resources('AWS::Lambda::Function')).filter(([id]) => id.startsWith(prefix));
  expect(found, prefix).toHaveLength(1);
  return found[0][1];
};
const actionsOf = (s: any): string[] => [s.Action].flat();
const text = (v: unknown): string => JSON.stringify(v);

describe('LogsiftStack', () => {
  it('has every resource the deployment needs', () => {
    const counts: Record<string, number> = {
      'AWS::Kinesis::Stream': 1,
      'AWS::Lambda::Function': 2,
      'AWS::Events::Rule': 1,
      'AWS::Lambda::EventSourceMapping': 1,
      'AWS::SQS::Queue': 1,
      'AWS::S3::Bucket': 3,
      'AWS::Glue::Database': 1,
      // findings, and for each compacted table its objects table and its view.
      'AWS::Glue::Table': 7,
      'AWS::Athena::WorkGroup': 1,
      'AWS::DynamoDB::GlobalTable': 2,
      'AWS::SNS::Topic': 1,
      'AWS::KMS::Key': 1,
      'AWS::CloudWatch::Dashboard': 1,
    };
    for (const [type, n] of Object.entries(counts)) template.resourceCountIs(type, n);
    expect(Object.keys(resources('AWS::Athena::NamedQuery')).length).toBeGreaterThanOrEqual(7);
    expect(Object.keys(resources('AWS::CloudWatch::Alarm')).length).toBeGreaterThanOrEqual(5);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('runs the handler on nodejs22.x arm64, bundled from functions/ingest/handler.ts', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
    });
    // Exactly the names the handler reads (functions/ingest/environment.ts), each set.
    const vars = fnNamed('IngestHandler').Properties.Environment.Variables;
    for (const name of [ENV.tablesBucket, ENV.stateTable, ENV.alertTable, ENV.alertTopicArn, ENV.configJson]) expect(vars[name], name).toBeDefined();
    expect(JSON.parse(vars[ENV.configJson])).toEqual({});
  });

  it('creates the DynamoDB keys the runtime stores use', () => {
    const tables = Object.values(resources('AWS::DynamoDB::GlobalTable')).map((t) => t.Properties.KeySchema);
    expect(tables).toContainEqual([
      { AttributeName: STATE_TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: STATE_TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ]);
    expect(tables).toContainEqual([{ AttributeName: ALERT_TABLE_KEYS.partitionKey, KeyType: 'HASH' }]);
  });

  it('maps the stream with partial batch responses, bisect, bounded retries and age, and an on-failure queue', () => {
    const esm = only('AWS::Lambda::EventSourceMapping').Properties;
    expect(esm.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(esm.BisectBatchOnFunctionError).toBe(true);
    expect(esm.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(esm.MaximumRetryAttempts).not.toBe(-1);
    expect(esm.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
    expect(esm.MaximumRecordAgeInSeconds).toBeLessThan(604_800);
    expect(esm.BatchSize).toBe(1000);
    expect(esm.StartingPosition).toBe('TRIM_HORIZON');
    expect(text(esm.DestinationConfig.OnFailure.Destination)).toContain('IngestOnFailure');
  });

  it('encrypts everything at rest', () => {
    expect(only('AWS::Kinesis::Stream').Properties.StreamEncryption).toEqual({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    for (const b of Object.values(resources('AWS::S3::Bucket'))) {
      expect(b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    }
    for (const t of Object.values(resources('AWS::DynamoDB::GlobalTable'))) {
      expect(t.Properties.SSESpecification.SSEEnabled).toBe(true);
      expect(t.Properties.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
      expect(t.Properties.TimeToLiveSpecification).toEqual({ AttributeName: STATE_TABLE_KEYS.ttlAttribute, Enabled: true });
      expect(ALERT_TABLE_KEYS.ttlAttribute).toBe(STATE_TABLE_KEYS.ttlAttribute);
      expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    }
    expect(only('AWS::SNS::Topic').Properties.KmsMasterKeyId).toBeDefined();
    expect(only('AWS::SQS::Queue').Properties.SqsManagedSseEnabled).toBe(true);
    const wg = only('AWS::Athena::WorkGroup').Properties.WorkGroupConfiguration;
    expect(wg.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_S3');
    expect(wg.EnforceWorkGroupConfiguration).toBe(true);
    expect(wg.BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
  });

  it('denies non-TLS access to every bucket and logs access of the data buckets', () => {
    const policies = Object.values(resources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    const logged = Object.values(resources('AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration);
    expect(logged).toHaveLength(2);
  });

  it('defines Glue tables with the generated columns and dt/hour partition projection', () => {
    const all = Object.values(resources('AWS::Glue::Table')).map((t) => t.Properties.TableInput);
    const tables = all.filter((t) => t.TableType === 'EXTERNAL_TABLE');
    expect(tables.map((t) => t.Name).sort()).toEqual(['findings', 'logs_auth_objects', 'logs_objects', 'quarantine_objects']);
    for (const t of tables) {
      const name = t.Name.replace(/_objects$/, '') as (typeof TABLE_NAMES)[number];
      const extra = name === 'findings' ? [] : [['compacted_from', 'string']];
      expect(t.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type])).toEqual([...TABLES[name].columns.map((c) => [c.name, c.athenaType]), ...extra]);
      expect(t.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }, { Name: 'hour', Type: 'string' }]);
      expect(t.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.hour.type': 'integer',
        'projection.hour.range': '0,23',
        'projection.hour.digits': '2',
      });
      expect(text(t.Parameters['storage.location.template'])).toContain(`/${name}/dt=\${dt}/hour=\${hour}/`);
      expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    }
  });

  it('queries logs, logs_auth and quarantine through Athena views over <table>_objects that hide merged sources', () => {
    const entries = Object.entries(resources('AWS::Glue::Table'));
    const views = entries.filter(([, t]) => t.Properties.TableInput.TableType === 'VIRTUAL_VIEW');
    expect(views.map(([, t]) => t.Properties.TableInput.Name).sort()).toEqual(['logs', 'logs_auth', 'quarantine']);
    const dbName = only('AWS::Glue::Database').Properties.DatabaseInput.Name;
    for (const [id, v] of views) {
      const input = v.Properties.TableInput;
      const name = input.Name as (typeof TABLE_NAMES)[number];
      // The view keeps the construct id the table had, so the resource users query keeps its logical id.
      expect(id.startsWith(`StorageTable${name.replace('_', '')}`)).toBe(true);
      expect(input.Parameters).toEqual({ presto_view: 'true', comment: 'Presto View' });
      expect(input.ViewExpandedText).toBe('/* Presto View */');
      const m = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(input.ViewOriginalText);
      expect(m, name).not.toBeNull();
      const def = JSON.parse(Buffer.from(m![1], 'base64').toString('utf8'));
      expect(def.catalog).toBe('awsdatacatalog');
      expect(def.schema).toBe(dbName);
      expect(def.originalSql).toBe(visibleRowsSql(name, `"${name}_objects"`));
      expect(def.originalSql).toContain('"$path"');
      // The view's columns are exactly the table's: compacted_from and $path stay hidden.
      const cols = [...TABLES[name].columns.map((c) => c.name), 'dt', 'hour'];
      expect(def.columns.map((c: any) => c.name)).toEqual(cols);
      expect(input.StorageDescriptor.Columns.map((c: any) => c.Name)).toEqual(cols);
      expect(def.columns.find((c: any) => c.name === 'time').type).toBe('timestamp(3)');
      expect(def.columns.find((c: any) => c.name === 'fields')?.type ?? 'map(varchar,varchar)').toMatch(/^map\(/);
      // Created after the objects table it reads.
      const objectsId = entries.find(([, t]) => t.Properties.TableInput.Name === `${name}_objects`)![0];
      expect(v.DependsOn).toContain(objectsId);
    }
  });

  it('installs the findings_latest view and the named queries the issue lists', () => {
    const names = Object.values(resources('AWS::Athena::NamedQuery')).map((q) => q.Properties.Name);
    for (const n of ['create-view-findings-latest', 'leader-churn-per-cluster', 'oom-kills-by-pod', 'certificates-expiring-soon', 'corrections-by-reason', 'parse-errors-by-source', 'top-noisy-units']) {
      expect(names).toContain(n);
    }
    const view = Object.values(resources('AWS::Athena::NamedQuery')).find((q) => q.Properties.Name === 'create-view-findings-latest');
    expect(view.Properties.QueryString).toMatch(/^CREATE OR REPLACE VIEW findings_latest AS SELECT/);
  });

  it('lets the handler write every table prefix and the finding pages but never read the archive (only its outbox)', () => {
    const statements = statementsOf('IngestHandlerRole');
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const reads = (s: any): boolean => actionsOf(s).some((a) => a.startsWith('s3:Get') || a.startsWith('s3:List'));
    for (const t of TABLE_NAMES) {
      const onTable = s3.filter((s) => text(s.Resource).includes(`/${t}/*`));
      expect(onTable.flatMap(actionsOf), t).toContain('s3:PutObject');
      expect(onTable.filter(reads), t).toEqual([]);
    }
    // The finding pages: written, not read.
    const onPages = s3.filter((s) => text(s.Resource).includes('/reports/findings/*'));
    expect(onPages.flatMap(actionsOf)).toContain('s3:PutObject');
    expect(onPages.filter(reads)).toEqual([]);
    // The only prefix it reads is the findings outbox.
    for (const s of s3.filter(reads)) expect(text(s.Resource)).toMatch(/\/_outbox\/\*/);
    // No wildcard action outside the grant-generated families acknowledged in lib/.
    for (const a of statements.flatMap(actionsOf)) expect(a === '*' || a.endsWith(':*')).toBe(false);
  });

  it('compacts hourly: a schedule runs the compaction function, which touches only the event table prefixes', () => {
    const rule = only('AWS::Events::Rule');
    expect(rule.Properties.ScheduleExpression).toBe('cron(10 * * * ? *)');
    const fnId = Object.keys(resources('AWS::Lambda::Function')).find((id) => id.startsWith('CompactionHandler'));
    expect(text(rule.Properties.Targets)).toContain(fnId);
    const fn = fnNamed('CompactionHandler');
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual([ENV.tablesBucket, 'NODE_OPTIONS'].sort());
    const statements = statementsOf('CompactionRole');
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    for (const t of ['logs', 'logs_auth', 'quarantine']) {
      const onTable = s3.filter((s) => text(s.Resource).includes(`/${t}/*`)).flatMap(actionsOf);
      for (const a of ['s3:PutObject', 's3:DeleteObject*', 's3:GetObject*']) expect(onTable, t).toContain(a);
    }
    // No access to the findings, the outbox, the pages, or anything else in the bucket.
    for (const s of s3) expect(text(s.Resource)).not.toMatch(/findings|_outbox|reports/);
    for (const s of s3.filter((x) => actionsOf(x).some((a) => a.startsWith('s3:Put') || a.startsWith('s3:Delete')))) expect(text(s.Resource)).toMatch(/\/(logs|logs_auth|quarantine)\/\*/);
    for (const a of statements.flatMap(actionsOf)) expect(a === '*' || a.endsWith(':*')).toBe(false);
  });

  it('lets the auth reader read logs_auth and keeps the analyst out of it', () => {
    const readsPrefix = (statements: any[], prefix: string): boolean =>
      statements.some((s) => actionsOf(s).some((a) => a.startsWith('s3:GetObject')) && text(s.Resource).includes(`/${prefix}/*`));
    const analyst = statementsOf('StorageAnalystRole');
    const authReader = statementsOf('StorageAuthReaderRole');
    for (const t of ['logs', 'quarantine', 'findings']) {
      expect(readsPrefix(analyst, t), t).toBe(true);
      expect(readsPrefix(authReader, t), t).toBe(true);
    }
    expect(readsPrefix(analyst, 'logs_auth')).toBe(false);
    // Athena reads a view's underlying table as the caller: each role may get both.
    const glueTables = (statements: any[]): string => text(statements.filter((s) => actionsOf(s).includes('glue:GetTable')).map((s) => s.Resource));
    for (const t of ['logs/', 'logs_objects', 'quarantine/', 'quarantine_objects', 'findings']) expect(glueTables(analyst)).toContain(t.endsWith('/') ? `/${t.slice(0, -1)}"` : t);
    expect(glueTables(authReader)).toContain('logs_auth_objects');
    expect(text(analyst)).not.toContain('logs_auth');
    expect(readsPrefix(authReader, 'logs_auth')).toBe(true);
  });

  it('alarms on errors, throttles, lag, the on-failure queue, parse errors and findings, all to the topic', () => {
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    const topicId = Object.keys(resources('AWS::SNS::Topic'))[0];
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    const metricNames = alarms.map((a) => a.Properties.MetricName ?? text(a.Properties.Metrics));
    for (const m of ['Errors', 'Throttles', 'IteratorAge', 'ApproximateNumberOfMessagesVisible']) expect(metricNames).toContain(m);
    expect(metricNames.some((m) => m.includes('ParseErrors') && m.includes('EventsOut'))).toBe(true);
    const findingAlarms = alarms.filter((a) => (text(a.Properties.Metrics) ?? '').includes('"MetricName":"Findings"'));
    expect(findingAlarms).toHaveLength(6);
    // Each sums the type's severities, with the dimensions the handler emits (type, severity, service).
    for (const a of findingAlarms) {
      const dims = a.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions.map((d: any) => d.Name).sort());
      expect(dims).toEqual([['service', 'severity', 'type'], ['service', 'severity', 'type'], ['service', 'severity', 'type']]);
    }
  });
});

describe('LogsiftStack outputs for the shipper and replay', () => {
  /** An output's or variable's value with each intrinsic as a placeholder word, so values compare as text. */
  const render = (v: any): string =>
    typeof v === 'string' ? v : v['Fn::Join'] ? v['Fn::Join'][1].map(render).join(v['Fn::Join'][0]) : `<${JSON.stringify(v)}>`;
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

  it('names the stream, the on-failure queue and each table replay writes', () => {
    for (const name of ['StreamName', 'OnFailureQueueUrl', 'TablesBucket', 'StateTable', 'AlertTable', 'AlertTopicArn', 'ReplayEnvironment']) {
      expect(outputs, name).toHaveProperty(name);
    }
  });

  it("ReplayEnvironment is one shell line that sets exactly the function's pipeline variables and the region", () => {
    const line = render(outputs.ReplayEnvironment!.Value);
    expect(line.startsWith('export ')).toBe(true);
    const set: Record<string, string> = {};
    for (const m of line.slice('export '.length).matchAll(/([A-Z_]+)=('(?:[^']|'\\'')*'|\S+)(?: |$)/g)) {
      set[m[1]!] = m[2]!.startsWith("'") ? m[2]!.slice(1, -1).replaceAll(`'\\''`, "'") : m[2]!;
    }
    expect(set.AWS_REGION).toBe('<{"Ref":"AWS::Region"}>');
    const fnEnv = fnNamed('IngestHandler').Properties.Environment.Variables as Record<string, unknown>;
    for (const name of [ENV.tablesBucket, ENV.stateTable, ENV.alertTable, ENV.alertTopicArn, ENV.configJson]) {
      expect(set[name], name).toBe(render(fnEnv[name]));
    }
    // What replay itself reads and validates (config included) is all there.
    expect(() => readEnvironment(set)).not.toThrow();
  });
});

describe('LogsiftStack parameters', () => {
  it('takes context: an existing stream, provisioned shards, ESM tuning and an alert e-mail', () => {
    const withExisting = new App({ context: { logsift: { streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/hosts', batchSize: 500, alertEmail: 'ops@example.com' } } });
    const t = Template.fromStack(new LogsiftStack(withExisting, 'Existing'));
    t.resourceCountIs('AWS::Kinesis::Stream', 0);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/hosts', BatchSize: 500 });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });

    const provisioned = new App({ context: { logsift: { shardCount: 4, retentionHours: 48 } } });
    Template.fromStack(new LogsiftStack(provisioned, 'Provisioned')).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 4, RetentionPeriodHours: 48 });
  });

  it('rejects parameters AWS would refuse at deploy time', () => {
    expect(() => new LogsiftStack(new App(), 'Bad', { parameters: { batchSize: 20_000 } })).toThrow(/batchSize/);
    expect(() => new LogsiftStack(new App(), 'Bad2', { parameters: { transitionDays: 10 } })).toThrow(/transitionDays/);
  });

  it('checks pipelineConfig at synth: a user rule that is not linear-time is refused with its name', () => {
    const rule = {
      name: 'slow-rule', type: 'slow', match: '^(a|a)*$', severity: 'warning', summary: 's', remediation: 'r',
    };
    expect(() => new LogsiftStack(new App(), 'BadRule', { parameters: { pipelineConfig: { detectors: { rules: [rule] } } } })).toThrow(
      /pipelineConfig: rule "slow-rule": match .* is refused/,
    );
    const files = { detectors: { rules_files: ['x.rules.json'] } };
    expect(() => new LogsiftStack(new App(), 'Files', { parameters: { pipelineConfig: files } })).toThrow(/rules_files is read by the CLI only/);
  });
});
