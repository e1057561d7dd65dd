import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { recordStream } from '../../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { DirectoryObjectStore } from '../../functions/sinks/listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { DedupWriter } from '../../functions/store/dedup-writer.js';
import { StoredIds } from '../../functions/store/stored-ids.js';
import { cli } from '../cli/run-cli.js';
import { CORPORA } from '../support/corpora.js';
import { exited, spawnCli } from '../support/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'logsift-compact-'));
let n = 0;
const freshStore = (): string => join(scratch, `store-${++n}`);
const TABLES = ['logs', 'logs_auth', 'quarantine'];

/** journalctl -o json entries, four a second from `from`, with a few fields each. */
function journal(from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const us = String(1_764_100_000_000_000 + i * 250_000);
    lines.push(JSON.stringify({ __CURSOR: `s=abc;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: us, _BOOT_ID: 'b0', _HOSTNAME: `node-${i % 3}`, SYSLOG_IDENTIFIER: i % 5 === 0 ? 'sshd' : 'app', _SYSTEMD_UNIT: `u${i % 7}.service`, PRIORITY: String(i % 8), MESSAGE: `entry ${i}` }));
  }
  return lines.join('\n') + '\n';
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

/**
 * A store as runs write it before compaction: the inputs' records written `segment` at a time
 * (one object per segment, table and hour), through the store's own writer.
 */
async function uncompactedStore(inputs: { source: string; data: Buffer }[], segment: number): Promise<string> {
  const store = freshStore();
  const writer = new DedupWriter(new DirectoryObjectStore(store), new StoredIds(store), DEFAULT_CONFIG.routes);
  for (const { source, data } of inputs) {
    const records: LogRecord[] = [];
    const opts = { source, format: 'auto' as const, framing: 'lines' as const, receivedTime: new Date('2026-11-30T10:00:00Z'), config: DEFAULT_CONFIG };
    for await (const batch of recordStream(once(data), opts)) records.push(...batch);
    for (let i = 0; i < records.length; i += segment) await writer.write(records.slice(i, i + segment));
  }
  return store;
}

/** Every row of a table as DuckDB reads it, ordered, as JSON text: values compared exactly. */
async function tableDump(store: string, table: string): Promise<{ rows: number; ids: number; dump: string }> {
  if (objectsPerPartition(store, table).length === 0) return { rows: 0, ids: 0, dump: '[]' };
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    // The raw objects, not the views: a doubled row shows. Merged objects' compacted_from (which
    // only says where a row group came from) is left out of the comparison.
    const files = `(SELECT COLUMNS(c -> c <> 'compacted_from') FROM read_parquet('${store}/${table}/*/*/*.parquet', hive_partitioning = false, union_by_name = true))`;
    const [c] = (await db.runAndReadAll(`SELECT count(*)::INTEGER AS rows, count(DISTINCT event_id)::INTEGER AS ids FROM ${files}`)).getRowObjectsJson() as { rows: number; ids: number }[];
    const rows = (await db.runAndReadAll(`SELECT * FROM ${files} ORDER BY event_id`)).getRowObjectsJson();
    // A filter DuckDB may answer from the row groups' min/max statistics, which the merge carries over.
    const [late] = (await db.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${files} WHERE time >= TIMESTAMPTZ '2025-11-25 20:05:00+00'`)).getRowObjectsJson() as { n: number }[];
    return { ...c, dump: `${late.n} ${JSON.stringify(rows)}` };
  } finally {
    db.closeSync();
  }
}

/** Each column chunk's statistics, codec, encodings and value count, as DuckDB reads the footers, sorted. */
async function chunkMetadata(store: string, table: string): Promise<string[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const q = `SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count, compression, encodings, num_values, total_compressed_size FROM parquet_metadata('${store}/${table}/*/*/*.parquet') WHERE path_in_schema <> 'compacted_from'`;
    return (await db.runAndReadAll(q)).getRowObjectsJson().map((r) => JSON.stringify(r)).sort();
  } finally {
    db.closeSync();
  }
}

/** Objects per partition directory of a table. */
function objectsPerPartition(store: string, table: string): number[] {
  const out: number[] = [];
  const dir = join(store, table);
  if (!existsSync(dir)) return out;
  for (const dt of readdirSync(dir)) for (const hour of readdirSync(join(dir, dt))) out.push(readdirSync(join(dir, dt, hour)).filter((f) => f.endsWith('.parquet')).length);
  return out;
}

/** Names and content hashes of every object of the event tables. */
function fingerprint(store: string): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    const dir = join(store, t);
    let dts: string[] = [];
    try {
      dts = readdirSync(dir);
    } catch {
      continue;
    }
    for (const dt of dts) for (const hour of readdirSync(join(dir, dt))) for (const f of readdirSync(join(dir, dt, hour))) out.push(`${t}/${dt}/${hour}/${f} ${createHash('sha256').update(readFileSync(join(dir, dt, hour, f))).digest('hex')}`);
  }
  return out.sort();
}

async function dumps(store: string) {
  return Promise.all(TABLES.map((t) => tableDump(store, t)));
}

const mixedInputs = () => [
  { source: 'journal.json', data: Buffer.from(journal(0, 9_000)) },
  { source: 'edge.json', data: readFileSync(join(CORPORA, 'journald-journalctl/synthetic-edge-cases.journalctl-all.json')) },
  { source: 'edge.export', data: readFileSync(join(CORPORA, 'journald-journalctl/synthetic-edge-cases.export')) },
];

describe('compaction (issue 16: fewer, bigger objects)', () => {
  it('merges each partition into one object; DuckDB reads the same rows and values before and after', async () => {
    const store = await uncompactedStore(mixedInputs(), 1_000);
    const before = await dumps(store);
    const chunksBefore = await chunkMetadata(store, 'logs');
    expect(Math.max(...objectsPerPartition(store, 'logs'))).toBeGreaterThan(1);
    expect(before[0].rows).toBeGreaterThan(9_000);
    const result = await compactStore(new DirectoryObjectStore(store));
    const logs = result.find((r) => r.table === 'logs')!;
    expect(logs.after).toBeLessThan(logs.before);
    expect(objectsPerPartition(store, 'logs').every((c) => c === 1)).toBe(true);
    const after = await dumps(store);
    for (let i = 0; i < TABLES.length; i++) {
      expect(after[i].rows).toBe(after[i].ids);
      expect(after[i].rows).toBe(before[i].rows);
      expect(after[i].dump).toBe(before[i].dump);
    }
    // The row groups are copied, not re-encoded: every column chunk, its min/max statistics and
    // compressed size are the sources'.
    expect(await chunkMetadata(store, 'logs')).toEqual(chunksBefore);
  });

  it('is idempotent: compacting a compacted store changes no object', async () => {
    const store = await uncompactedStore(mixedInputs().slice(0, 1), 700);
    await compactStore(new DirectoryObjectStore(store));
    const once = fingerprint(store);
    const again = await compactStore(new DirectoryObjectStore(store));
    expect(fingerprint(store)).toEqual(once);
    for (const t of again) expect(t.after).toBe(t.before);
  });

  it('caps the merged object size: a partition over the cap becomes a few objects, still each row once', async () => {
    const store = await uncompactedStore(mixedInputs().slice(0, 1), 300);
    const rows = (await tableDump(store, 'logs')).dump;
    await compactStore(new DirectoryObjectStore(store), { maxMergedBytes: 40_000 });
    const counts = objectsPerPartition(store, 'logs');
    expect(Math.max(...counts)).toBeGreaterThan(1);
    expect((await tableDump(store, 'logs')).dump).toBe(rows);
    // And a second pass with the cap is a fixed point.
    const fp = fingerprint(store);
    await compactStore(new DirectoryObjectStore(store), { maxMergedBytes: 40_000 });
    expect(fingerprint(store)).toEqual(fp);
  });

  it('run compacts what it wrote: a multi-segment run leaves one object per table and hour', async () => {
    const store = freshStore();
    const input = join(scratch, 'big.json');
    writeFileSync(input, journal(0, 16_000)); // 4 segments of 5,000 over ~1.1 hours
    const r = await cli(['run', '--store', store, input]);
    expect(r.code).toBe(0);
    expect(objectsPerPartition(store, 'logs').every((c) => c === 1)).toBe(true);
    const d = await tableDump(store, 'logs');
    const a = await tableDump(store, 'logs_auth');
    expect(d.rows + a.rows).toBe(16_000);
    expect(d.rows).toBe(d.ids);
    // A grown input: the next run adds its rows and merges them into the hour's object.
    writeFileSync(input, journal(0, 17_000));
    expect((await cli(['run', '--store', store, input])).code).toBe(0);
    expect(objectsPerPartition(store, 'logs').every((c) => c === 1)).toBe(true);
    const d2 = await tableDump(store, 'logs');
    expect(d2.rows + (await tableDump(store, 'logs_auth')).rows).toBe(17_000);
    expect(d2.rows).toBe(d2.ids);
  });

  it('logsift compact prints objects before and after per table', async () => {
    const store = await uncompactedStore(mixedInputs().slice(0, 1), 1_000);
    const before = objectsPerPartition(store, 'logs').reduce((a, b) => a + b, 0);
    const r = await cli(['compact', '--store', store]);
    expect(r.code).toBe(0);
    const after = objectsPerPartition(store, 'logs').length;
    expect(r.stdout).toContain(`logs: ${before} objects -> ${after} in ${after} partitions\n`);
    expect((await cli(['compact', '--store', join(scratch, 'none')])).code).toBe(1);
  });

  it('a compaction killed after the merged object is put, before its sources go, loses and doubles no row when run again', async () => {
    const store = await uncompactedStore(mixedInputs().slice(0, 1), 500);
    const expected = (await tableDump(store, 'logs')).dump;
    process.env.LOGSIFT_TEST_KILL_AFTER_MERGE = '1';
    let killed;
    try {
      killed = await exited(await spawnCli(['compact', '--store', store]));
    } finally {
      delete process.env.LOGSIFT_TEST_KILL_AFTER_MERGE;
    }
    expect(killed.signal).toBe('SIGKILL');
    // Killed in the window: the merged object and its sources both on disk.
    const mid = await tableDump(store, 'logs');
    expect(mid.rows).toBeGreaterThan(mid.ids);
    // Run again (a `run` of nothing new would do the same for its partitions): each row once.
    expect((await cli(['compact', '--store', store])).code).toBe(0);
    const after = await tableDump(store, 'logs');
    expect(after.rows).toBe(after.ids);
    expect(after.dump).toBe(expected);
    expect(objectsPerPartition(store, 'logs').every((c) => c === 1)).toBe(true);
  });

  it('a run killed while compacting what it wrote, run again on the same input, leaves each row once', async () => {
    const store = freshStore();
    const input = join(scratch, 'killed-run.json');
    writeFileSync(input, journal(0, 12_000));
    process.env.LOGSIFT_TEST_KILL_AFTER_MERGE = '1';
    let killed;
    try {
      killed = await exited(await spawnCli(['run', '--store', store, input]));
    } finally {
      delete process.env.LOGSIFT_TEST_KILL_AFTER_MERGE;
    }
    expect(killed.signal).toBe('SIGKILL');
    const mid = await tableDump(store, 'logs');
    expect(mid.rows).toBeGreaterThan(mid.ids);
    const again = await cli(['run', '--store', store, '--json', input]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).already_stored).toBe(12_000);
    const after = await tableDump(store, 'logs');
    const auth = await tableDump(store, 'logs_auth');
    expect(after.rows).toBe(after.ids);
    expect(auth.rows).toBe(auth.ids);
    expect(after.rows + auth.rows).toBe(12_000);
    expect(objectsPerPartition(store, 'logs').every((c) => c === 1)).toBe(true);
  });

  it('compactions killed at random times, then run again, lose and double no row', async () => {
    const store = await uncompactedStore(mixedInputs().slice(0, 1), 250);
    const expected = (await tableDump(store, 'logs')).dump;
    for (const delayMs of [30, 120, 250, 400]) {
      const child = await spawnCli(['compact', '--store', store]);
      const done = exited(child);
      setTimeout(() => child.kill('SIGKILL'), delayMs);
      await done;
    }
    expect((await cli(['compact', '--store', store])).code).toBe(0);
    const after = await tableDump(store, 'logs');
    expect(after.rows).toBe(after.ids);
    expect(after.dump).toBe(expected);
  });
});
