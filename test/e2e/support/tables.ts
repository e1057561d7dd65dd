import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { storeFiles, viewStatements } from '../../../bin/cli/query/store-views.js';

/** Copies every object of the bucket into a temp directory, key for key (DuckDB reads it there: no network). */
export async function downloadBucket(s3: S3Client, bucket: string): Promise<{ dir: string; keys: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-e2e-'));
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  for (const key of keys) {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const path = join(dir, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await got.Body!.transformToByteArray());
  }
  return { dir, keys };
}

/** The store's tables as `logsift query` sees them (views over the Parquet files), in an in-memory DuckDB. */
export async function queryStore(dir: string): Promise<(sql: string) => Promise<Record<string, unknown>[]>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  for (const s of viewStatements(storeFiles(dir))) await conn.run(s);
  return async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}
