import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { LogsiftParameters } from './config.js';
import { glueTableInput, glueViewInput, type TableName } from './glue-tables.js';
import { isCompactedTable, objectsTableName } from '../functions/store/visible-objects.js';
import { FINDINGS_LATEST_VIEW, latestFindingsSql } from '../functions/sinks/views.js';
import { namedQueries } from './named-queries.js';
import { acknowledgeWildcards, bucketPrefixFinding } from './nag.js';

/** Tables every analyst may read; `logs_auth` is kept apart (auth and authpriv records). */
export const ANALYST_TABLES: readonly TableName[] = ['logs', 'quarantine', 'findings'];
export const RESTRICTED_TABLE: TableName = 'logs_auth';

/**
 * The archive and how it is queried: the tables bucket (one prefix per table, so `logs_auth`
 * can be granted on its own), the Athena results bucket, both logging access to a log bucket;
 * Glue tables whose columns come from the same generator as the Parquet files; partition
 * projection (no crawler, no MSCK); an Athena workgroup with enforced, encrypted settings and a
 * scan limit; the named queries; and two reader roles.
 */
export class StorageAndQuery extends Construct {
  readonly tables: s3.Bucket;
  readonly results: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly database: glue.CfnDatabase;
  readonly workGroup: athena.CfnWorkGroup;
  readonly analystRole: iam.Role;
  readonly authReaderRole: iam.Role;

  constructor(scope: Construct, id: string, p: LogsiftParameters) {
    super(scope, id);
    const secure = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      // Server access logs can only be delivered with SSE-S3, and only into a bucket that owns its objects.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
    });
    this.tables = new s3.Bucket(this, 'Tables', {
      ...secure,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'tables/',
      lifecycleRules: [
        {
          id: 'tables-tiering',
          transitions: p.transitionDays > 0 ? [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(p.transitionDays) }] : [],
          expiration: p.expiryDays > 0 ? Duration.days(p.expiryDays) : undefined,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    this.results = new s3.Bucket(this, 'AthenaResults', {
      ...secure,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [{ id: 'expire-results', expiration: Duration.days(p.athenaResultsExpiryDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    const databaseName = `logsift_${Stack.of(this).stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: databaseName, description: 'logsift archive: logs, logs_auth, quarantine, findings' },
    });
    for (const name of [...ANALYST_TABLES, RESTRICTED_TABLE]) {
      if (!isCompactedTable(name)) {
        const table = new glue.CfnTable(this, `Table-${name}`, { catalogId: Aws.ACCOUNT_ID, databaseName, tableInput: glueTableInput(name, this.tables.bucketName) });
        table.addResourceDependency(this.database);
        continue;
      }
      // A compacted table: the objects under `<name>_objects`, and under the name users query
      // (and the construct id the table had) the view that shows each row once during compaction.
      const objects = new glue.CfnTable(this, `Objects-${name}`, { catalogId: Aws.ACCOUNT_ID, databaseName, tableInput: glueTableInput(name, this.tables.bucketName) });
      objects.addResourceDependency(this.database);
      const view = new glue.CfnTable(this, `Table-${name}`, { catalogId: Aws.ACCOUNT_ID, databaseName, tableInput: glueViewInput(name, databaseName) });
      view.addResourceDependency(objects);
    }

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${databaseName}`,
      description: 'logsift: enforced settings, encrypted results, per-query scan limit',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: p.athenaBytesScannedCutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.results.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    for (const q of namedQueries(`CREATE OR REPLACE VIEW ${FINDINGS_LATEST_VIEW} AS ${latestFindingsSql('findings')}`)) {
      const named = new athena.CfnNamedQuery(this, `Query-${q.name}`, {
        name: q.name,
        description: q.description,
        database: databaseName,
        workGroup: this.workGroup.name,
        queryString: q.sql,
      });
      named.addResourceDependency(this.workGroup);
      named.addResourceDependency(this.database);
    }

    // Both roles are assumed by principals of this account that are allowed to (e.g. SSO permission sets).
    this.analystRole = this.readerRole('AnalystRole', 'logsift analyst: queries logs, quarantine and findings; not logs_auth', ANALYST_TABLES);
    this.authReaderRole = this.readerRole('AuthReaderRole', 'logsift auth reader: also reads logs_auth (auth/authpriv records)', [
      ...ANALYST_TABLES,
      RESTRICTED_TABLE,
    ]);
  }

  /** A role that can run queries in the workgroup over exactly these tables. */
  private readerRole(id: string, description: string, tables: readonly TableName[]): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.AccountRootPrincipal(), description, maxSessionDuration: Duration.hours(4) });
    const stack = Stack.of(this);
    const db = this.database.ref;
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup', 'athena:ListNamedQueries', 'athena:GetNamedQuery', 'athena:BatchGetNamedQuery'],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroup.ref })],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: db }),
          // A compacted table's view is read through its objects table: both are granted.
          ...tables.flatMap((t) => (isCompactedTable(t) ? [t, objectsTableName(t)] : [t])).map((t) => stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${db}/${t}` })),
        ],
      }),
    );
    for (const t of tables) this.tables.grantRead(role, `${t}/*`);
    // Athena writes results as the caller and reads them back; nothing needs to delete them (lifecycle does).
    this.results.grantRead(role, 'results/*');
    this.results.grantPut(role, 'results/*');
    acknowledgeWildcards(
      role,
      [
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        ...tables.map((t) => bucketPrefixFinding(this.tables, t)),
        bucketPrefixFinding(this.results, 'results'),
      ],
      'From S3 grant methods, and bounded: read actions on one table prefix each (`<table>/*`; the analyst role has no logs_auth), and read/put on the Athena results prefix.',
    );
    return role;
  }
}
