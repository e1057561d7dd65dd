import { S3Client } from '@aws-sdk/client-s3';
import { S3ListedStore } from '../sinks/s3-listed-store.js';
import { compactStore } from '../store/compact.js';
import { previousHourPartitions } from '../store/compact-hours.js';
import { ENV } from './environment.js';

let store: S3ListedStore | undefined;

/** The bucket from the environment, on first use (importing the module needs no environment). */
function tablesStore(): S3ListedStore {
  if (store !== undefined) return store;
  const bucket = process.env[ENV.tablesBucket];
  if (bucket === undefined || bucket === '') throw new Error(`${ENV.tablesBucket} is not set`);
  // Path style only against a local stand-in (AWS_ENDPOINT_URL_S3), as the ingest function.
  const s3 = new S3Client({ retryMode: 'standard', maxAttempts: 5, forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined });
  return (store = new S3ListedStore(s3, bucket));
}

/**
 * The hourly compaction (EventBridge schedule): merges the small objects of the last complete
 * hours of logs, logs_auth and quarantine (functions/store/compact.ts). Idempotent: a retried or
 * overlapping invocation finishes what an interrupted one left and merges nothing twice.
 */
export async function handler(event: { time?: string }): Promise<{ table: string; before: number; after: number }[]> {
  const now = event.time === undefined ? new Date() : new Date(event.time);
  const tables = await compactStore(tablesStore(), { only: previousHourPartitions(now) });
  const summary = tables.map(({ table, before, after }) => ({ table, before, after }));
  console.log(JSON.stringify({ message: 'compacted', hourOf: now.toISOString(), tables: summary }));
  return summary;
}
