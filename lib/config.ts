import type { Node } from 'constructs';
import { checkPipelineConfig } from './pipeline-config.js';

/**
 * Everything a deployment can set, from cdk.json context (`"logsift": {...}`), `-c logsift='{...}'`,
 * or props. Every key has a default that suits a small cluster; docs/deployment.md lists them.
 */
export interface LogsiftParameters {
  /** Use an existing stream instead of creating one. */
  readonly streamArn?: string;
  /** New stream: provisioned shard count, or 0 for on-demand. */
  readonly shardCount: number;
  /** New stream: retention in hours (24 to 8760). */
  readonly retentionHours: number;
  /** Event source mapping: records per invocation (1 to 10,000). */
  readonly batchSize: number;
  /** Event source mapping: seconds to gather a batch (0 to 300). */
  readonly batchingWindowSeconds: number;
  /** Event source mapping: concurrent batches per shard (1 to 10). */
  readonly parallelizationFactor: number;
  readonly startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** Retries of a failing batch before it goes to the on-failure queue. */
  readonly retryAttempts: number;
  /** Records older than this go to the on-failure queue instead of blocking the shard (60 to 604,800 s). */
  readonly maxRecordAgeSeconds: number;
  /** Reserved concurrency of the ingest function; undefined leaves it unreserved. */
  readonly reservedConcurrency?: number;
  /** Optional e-mail subscription to the alert topic. */
  readonly alertEmail?: string;
  /** logsift config (schemas/config.schema.json): detector thresholds, host→cluster and host→zone mappings, routes. */
  readonly pipelineConfig: Record<string, unknown>;
  /** Days before table objects move to Infrequent Access; 0 disables the transition. */
  readonly transitionDays: number;
  /** Days before table objects expire; 0 keeps them. */
  readonly expiryDays: number;
  /** Days before Athena query results expire. */
  readonly athenaResultsExpiryDays: number;
  /** Per-query scanned-bytes limit of the Athena workgroup. */
  readonly athenaBytesScannedCutoff: number;
  /** Alarm when parse errors exceed this share of events (0 to 1). */
  readonly parseErrorRatioAlarm: number;
  /** Alarm when the iterator age (consumer lag) exceeds this many seconds. */
  readonly iteratorAgeAlarmSeconds: number;
}

export const DEFAULT_PARAMETERS: LogsiftParameters = {
  shardCount: 0,
  retentionHours: 24,
  batchSize: 1000,
  batchingWindowSeconds: 5,
  parallelizationFactor: 1,
  startingPosition: 'TRIM_HORIZON',
  retryAttempts: 5,
  maxRecordAgeSeconds: 6 * 3600,
  pipelineConfig: {},
  transitionDays: 30,
  expiryDays: 400,
  athenaResultsExpiryDays: 7,
  athenaBytesScannedCutoff: 10 * 1024 ** 3,
  parseErrorRatioAlarm: 0.05,
  iteratorAgeAlarmSeconds: 600,
};

/** Defaults, overlaid by the `logsift` context object, overlaid by props; values are checked, not trusted. */
export function resolveParameters(node: Node, overrides: Partial<LogsiftParameters> = {}): LogsiftParameters {
  const raw = node.tryGetContext('logsift') as unknown;
  const fromContext = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Partial<LogsiftParameters>;
  const p = { ...DEFAULT_PARAMETERS, ...fromContext, ...overrides };
  check(Number.isInteger(p.shardCount) && p.shardCount >= 0, 'shardCount must be an integer >= 0 (0: on-demand)');
  check(p.retentionHours >= 24 && p.retentionHours <= 8760, 'retentionHours must be 24 to 8760');
  check(p.batchSize >= 1 && p.batchSize <= 10_000, 'batchSize must be 1 to 10000');
  check(p.batchingWindowSeconds >= 0 && p.batchingWindowSeconds <= 300, 'batchingWindowSeconds must be 0 to 300');
  check(p.parallelizationFactor >= 1 && p.parallelizationFactor <= 10, 'parallelizationFactor must be 1 to 10');
  check(p.startingPosition === 'LATEST' || p.startingPosition === 'TRIM_HORIZON', 'startingPosition must be LATEST or TRIM_HORIZON');
  check(p.retryAttempts >= 0 && p.retryAttempts <= 10_000, 'retryAttempts must be 0 to 10000');
  check(p.maxRecordAgeSeconds >= 60 && p.maxRecordAgeSeconds <= 604_800, 'maxRecordAgeSeconds must be 60 to 604800');
  check(p.parseErrorRatioAlarm > 0 && p.parseErrorRatioAlarm <= 1, 'parseErrorRatioAlarm must be in (0, 1]');
  // S3 refuses a Standard-IA transition before 30 days.
  check(p.transitionDays === 0 || p.transitionDays >= 30, 'transitionDays must be 0 or at least 30');
  check(p.expiryDays === 0 || p.expiryDays > p.transitionDays, 'expiryDays must be 0 or later than transitionDays');
  checkPipelineConfig(p.pipelineConfig);
  return p;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(`logsift parameters: ${message}`);
}
