import { DEFAULT_CONFIG, type LogsiftConfig } from '../shared/config.js';
import { ConfigError, loadConfigFile, resolveConfig } from '../shared/load-config.js';
import { compiledRules } from '../detect/rules/rule-set.js';

/**
 * Everything the ingest function reads from its environment, by name, so the CDK stack sets
 * exactly these (docs/runtime.md). Endpoints are not here: the SDK reads its standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables itself, so one bundle runs on AWS and on local stand-ins.
 */
export const ENV = {
  /** S3 bucket holding the Parquet tables (`logs/`, `logs_auth/`, `quarantine/`, `findings/`) and `_outbox/`. */
  tablesBucket: 'LOGSIFT_TABLES_BUCKET',
  /** DynamoDB table of detector state (keys: functions/ingest/tables.ts STATE_TABLE_KEYS). */
  stateTable: 'LOGSIFT_STATE_TABLE',
  /** DynamoDB table of alerts paged (keys: ALERT_TABLE_KEYS). */
  alertTable: 'LOGSIFT_ALERT_TABLE',
  /** SNS topic alerts are published to. */
  alertTopicArn: 'LOGSIFT_ALERT_TOPIC_ARN',
  /** Optional: the logsift config as JSON (schemas/config.schema.json). */
  configJson: 'LOGSIFT_CONFIG',
  /** Optional: path of a config file in the bundle (relative to the function's directory); LOGSIFT_CONFIG wins. */
  configFile: 'LOGSIFT_CONFIG_FILE',
  /** Optional: attempts per S3 write, SDK standard retry mode (exponential backoff, full jitter); default 5. */
  s3MaxAttempts: 'LOGSIFT_S3_MAX_ATTEMPTS',
} as const;

/** Read by Powertools itself; CDK should set them (docs/runtime.md). */
export const POWERTOOLS_ENV = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

export const DEFAULT_S3_MAX_ATTEMPTS = 5;

export interface IngestEnvironment {
  tablesBucket: string;
  stateTable: string;
  alertTable: string;
  alertTopicArn: string;
  s3MaxAttempts: number;
  config: LogsiftConfig;
}

/** Thrown at cold start: the function's init fails with this message. */
export class EnvironmentError extends Error {}

/** Reads and validates the environment, config included; every problem is named in one message. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): IngestEnvironment {
  const problems: string[] = [];
  const required = (name: string): string => {
    const v = env[name];
    if (v === undefined || v.trim() === '') problems.push(`${name} is not set`);
    return v ?? '';
  };
  const tablesBucket = required(ENV.tablesBucket);
  const stateTable = required(ENV.stateTable);
  const alertTable = required(ENV.alertTable);
  const alertTopicArn = required(ENV.alertTopicArn);
  const attemptsText = env[ENV.s3MaxAttempts];
  const s3MaxAttempts = attemptsText === undefined ? DEFAULT_S3_MAX_ATTEMPTS : Number(attemptsText);
  if (!Number.isInteger(s3MaxAttempts) || s3MaxAttempts < 1 || s3MaxAttempts > 20) {
    problems.push(`${ENV.s3MaxAttempts} must be an integer from 1 to 20, not ${JSON.stringify(attemptsText)}`);
  }
  let config = DEFAULT_CONFIG;
  try {
    config = configFrom(env);
    // Rules compile once here, so a broken rule fails the cold start with its name, not every batch.
    compiledRules(config.detectors);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0) throw new EnvironmentError(`logsift ingest cannot start: ${problems.join('; ')}`);
  return { tablesBucket, stateTable, alertTable, alertTopicArn, s3MaxAttempts, config };
}

function configFrom(env: NodeJS.ProcessEnv): LogsiftConfig {
  const json = env[ENV.configJson];
  if (json !== undefined && json.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new ConfigError(`${ENV.configJson} is not JSON: ${(err as Error).message}`);
    }
    const config = resolveConfig(parsed);
    if (config.detectors.rules_files.length > 0) {
      throw new ConfigError(`${ENV.configJson}: detectors.rules_files is read by the CLI only; put the rules in detectors.rules (pipelineConfig)`);
    }
    return config;
  }
  const file = env[ENV.configFile];
  if (file !== undefined && file.trim() !== '') return loadConfigFile(file);
  return DEFAULT_CONFIG;
}
