import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { batchLogFields } from '../pipeline/batch-log.js';
import { emitBatchMetrics } from '../pipeline/batch-metrics.js';
import { kinesisInputs } from '../pipeline/kinesis-event.js';
import { processKinesisBatch } from '../pipeline/process-kinesis-batch.js';
import { POWERTOOLS_ENV, readEnvironment } from './environment.js';
import { createRuntime } from './runtime.js';

// Cold start: an invalid environment or config fails the init here, with every problem named.
const environment = readEnvironment();
/** Exported for tests that inject faults into the clients (SDK middleware). */
export const runtime = createRuntime(environment);
// Powertools' own variables (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE) win over these defaults.
const serviceName = process.env[POWERTOOLS_ENV.serviceName] ?? 'logsift-ingest';
const logger = new Logger({ serviceName });
const metrics = new Metrics({ namespace: process.env[POWERTOOLS_ENV.metricsNamespace] ?? 'logsift', serviceName });

async function ingest(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { retryFrom, report } = await processKinesisBatch(kinesisInputs(event), runtime.deps);
  emitBatchMetrics(metrics, report);
  if (report.error === undefined) logger.info('batch done', batchLogFields(report));
  else logger.error('batch failed; Lambda retries it from its first record', { ...batchLogFields(report), error: report.error });
  return { batchItemFailures: retryFrom === null ? [] : [{ itemIdentifier: retryFrom }] };
}

/** The Lambda entry (bundle entry functions/ingest/handler.ts, export `handler`). */
export const handler = middy(ingest).use(injectLambdaContext(logger)).use(logMetrics(metrics));
