import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, inject, it } from 'vitest';
import { recordStream } from '../../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { DirectoryObjectStore } from '../../functions/sinks/listed-store.js';
import { S3ListedStore } from '../../functions/sinks/s3-listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { DedupWriter } from '../../functions/store/dedup-writer.js';
import { StoredIds } from '../../functions/store/stored-ids.js';
import { localClients } from '../support/local-aws/clients.js';
import { localAwsEnv } from '../support/local-aws/servers.js';
import { crashThenMergeOfMerge, queryRows, runSequences, VISIBLE_IDS_SQL, type SequenceWorld } from '../support/compaction-sequence.js';

// Compaction against the S3 stand-in (fauxqs): the same code as the local store's, through list,
// get, put and delete on a bucket.
const endpoints = inject('localAws');
const aws = localClients(endpoints);
const scratch = mkdtempSync(join(tmpdir(), 'logsift-compact-s3-'));

function journal(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const us = String(1_764_100_000_000_000 + i * 250_000);
    lines.push(JSON.stringify({ __CURSOR: `s=abc;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: us, _HOSTNAME: `node-${i % 3}`, SYSLOG_IDENTIFIER: 'app', _SYSTEMD_UNIT: `u${i % 7}.service`, PRIORITY: String(i % 8), MESSAGE: `entry ${i}` }));
  }
  return lines.join('\n') + '\n';
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

/** Small objects as the store writes them (one per 400 records, table and hour), in a bucket. */
async function bucketWithSmallObjects(bucket: string): Promise<S3ListedStore> {
  const dir = join(scratch, bucket);
  const writer = new DedupWriter(new DirectoryObjectStore(dir), new StoredIds(dir), DEFAULT_CONFIG.routes);
  const records: LogRecord[] = [];
  const opts = { source: 'j.json', format: 'auto' as const, framing: 'lines' as const, receivedTime: new Date('2026-11-30T10:00:00Z'), config: DEFAULT_CONFIG };
  for await (const b of recordStream(once(Buffer.from(journal(6_000))), opts)) records.push(...b);
  for (let i = 0; i < records.length; i += 400) await writer.write(records.slice(i, i + 400));
  await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const store = new S3ListedStore(aws.s3, bucket);
  for (const file of walk(join(dir, 'logs'))) await store.put(relative(dir, file).split('\\').join('/'), readFileSync(file));
  return store;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.parquet') ? [join(dir, n)] : []));
}

/** The bucket's logs objects downloaded and read by DuckDB: counts and every row, ordered. */
async function readBack(store: S3ListedStore, name: string): Promise<{ objects: number; rows: number; ids: number; dump: string }> {
  const dir = join(scratch, `read-${name}`);
  let objects = 0;
  for (const dt of await store.folders('logs/')) {
    for (const hour of await store.folders(`logs/${dt}/`)) {
      for (const o of await store.list(`logs/${dt}/${hour}/`)) {
        const path = join(dir, ...o.key.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, (await store.get(o.key)) as Uint8Array);
        objects++;
      }
    }
  }
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    // Raw objects (a doubled row shows), without merged objects' compacted_from.
    const files = `(SELECT COLUMNS(c -> c <> 'compacted_from') FROM read_parquet('${dir}/logs/*/*/*.parquet', hive_partitioning = false, union_by_name = true))`;
    const [c] = (await db.runAndReadAll(`SELECT count(*)::INTEGER AS rows, count(DISTINCT event_id)::INTEGER AS ids FROM ${files}`)).getRowObjectsJson() as { rows: number; ids: number }[];
    const rows = (await db.runAndReadAll(`SELECT * FROM ${files} ORDER BY event_id`)).getRowObjectsJson();
    return { objects, ...c, dump: JSON.stringify(rows) };
  } finally {
    db.closeSync();
  }
}

describe('compaction on S3 (fauxqs)', () => {
  it('merges each hour into one object with the same rows and values; again changes nothing', async () => {
    const store = await bucketWithSmallObjects('compact-once');
    const before = await readBack(store, 'once-0');
    expect(before.objects).toBeGreaterThan(4);
    const [logs] = await compactStore(store);
    expect(logs.after).toBe(logs.partitions);
    const after = await readBack(store, 'once-1');
    expect(after.objects).toBe(logs.partitions);
    expect(after.rows).toBe(after.ids);
    expect(after.dump).toBe(before.dump);
    const [again] = await compactStore(store);
    expect(again.after).toBe(again.before);
  });

  it('a compaction that dies after the merged put, or between deletes, loses and doubles no row when run again', async () => {
    const store = await bucketWithSmallObjects('compact-crash');
    const before = await readBack(store, 'crash-0');
    // Dies right after the first merged object is put.
    await expect(compactStore(store, { afterMergedPut: () => Promise.reject(new Error('crash after put')) })).rejects.toThrow('crash after put');
    const mid = await readBack(store, 'crash-1');
    expect(mid.rows).toBeGreaterThan(mid.ids);
    // Dies after one source of the next merge is deleted.
    const del = store.delete.bind(store);
    let deletes = 0;
    store.delete = async (key: string) => {
      if (++deletes === 2) throw new Error('crash between deletes');
      await del(key);
    };
    await expect(compactStore(store)).rejects.toThrow('crash between deletes');
    store.delete = del;
    // Run again: each row once, every value as before.
    await compactStore(store);
    const after = await readBack(store, 'crash-2');
    expect(after.rows).toBe(after.ids);
    expect(after.dump).toBe(before.dump);
  });

  it('the scheduled handler compacts the complete hours before the event time, and only those', async () => {
    const store = await bucketWithSmallObjects('compact-scheduled');
    const before = await readBack(store, 'sched-0');
    // The journal spans 2025-11-25 19:46 to 20:11 UTC: at 20:10 hour 19 is complete, at 21:10 both.
    Object.assign(process.env, localAwsEnv(endpoints), { LOGSIFT_TABLES_BUCKET: 'compact-scheduled' });
    const { handler } = await import('../../functions/ingest/compact-handler.js');
    const log = console.log;
    console.log = () => undefined;
    try {
      const early = await handler({ time: '2025-11-25T20:10:00Z' });
      expect(early.find((t) => t.table === 'logs')).toEqual({ table: 'logs', before: expect.any(Number), after: expect.any(Number) });
      const mid = await readBack(store, 'sched-1');
      // At 20:10 only 19:00-19:59 was complete: hour 20 still has its small objects.
      expect(mid.objects).toBeGreaterThan(2);
      const done = await handler({ time: '2025-11-25T21:10:00Z' });
      expect(done.find((t) => t.table === 'logs')?.after).toBe(2);
    } finally {
      console.log = log;
    }
    const after = await readBack(store, 'sched-2');
    expect(after.objects).toBe(2);
    expect(after.dump).toBe(before.dump);
  });
});

/**
 * A bucket as a sequence world: ingest writes straight into it; a reader downloads the objects
 * of logs and logs_auth as they are at that instant and reads them through logsift query's
 * views, the same view SQL the stack installs in Athena ("$path" from read_parquet).
 */
async function bucketWorld(bucket: string): Promise<SequenceWorld> {
  await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const store = new S3ListedStore(aws.s3, bucket);
  const writer = new DedupWriter(store, new StoredIds(join(scratch, `${bucket}-ids`)), DEFAULT_CONFIG.routes);
  let reads = 0;
  return {
    store,
    write: async (records) => void (await writer.write(records)),
    visibleIds: async () => {
      const dir = join(scratch, `${bucket}-read-${++reads}`);
      for (const table of ['logs', 'logs_auth']) {
        for (const dt of await store.folders(`${table}/`)) {
          for (const hour of await store.folders(`${table}/${dt}/`)) {
            for (const o of await store.list(`${table}/${dt}/${hour}/`)) {
              const path = join(dir, ...o.key.split('/'));
              mkdirSync(dirname(path), { recursive: true });
              writeFileSync(path, (await store.get(o.key)) as Uint8Array);
            }
          }
        }
      }
      return (await queryRows(dir, VISIBLE_IDS_SQL)).map((r) => r[0] as string);
    },
  };
}

describe('queries during compaction on S3 see each row once (fauxqs)', () => {
  it('interleaved writes, compactions, crashes and merges of merges: every read after every put and delete sees each event once', async () => {
    const { reads, crashes, mergesOfMerges } = await runSequences((seed) => bucketWorld(`visible-seq-${seed}`), [1, 2, 3]);
    expect(reads).toBeGreaterThan(40);
    expect(crashes).toBeGreaterThan(0);
    expect(mergesOfMerges).toBeGreaterThan(0);
  }, 300_000);

  it('a merge of a merged object whose compaction died after its put: its sources go before it does', async () => {
    const stats = await crashThenMergeOfMerge(await bucketWorld('visible-merge-of-merge'));
    expect(stats.crashes).toBe(1);
    expect(stats.mergesOfMerges).toBeGreaterThan(0);
  }, 120_000);
});
