import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { isUntimedObject } from './object-ids.js';

/**
 * The event ids a table already holds, read from the stored objects themselves (their
 * `event_id` column): the objects are the only truth, so nothing can disagree with them after a
 * crash. Read per partition on first use and kept for the run (a bounded number of partitions;
 * one evicted is read again when needed). Only the single writer that holds the store's lock
 * may use this: it is not refreshed from other writers.
 */
export class StoredIds {
  private readonly partitions = new Map<string, Set<string>>();
  private readonly untimed = new Map<string, Set<string>>();

  constructor(
    private readonly root: string,
    private readonly maxPartitions = 48,
  ) {}

  /** Ids in `<table>/<partition dir>` (e.g. `dt=2026-11-26/hour=01`). */
  async partition(table: string, partitionDir: string): Promise<Set<string>> {
    const key = `${table}/${partitionDir}`;
    let ids = this.partitions.get(key);
    if (ids !== undefined) {
      // Most recently used last, so eviction drops the partition unused longest.
      this.partitions.delete(key);
      this.partitions.set(key, ids);
      return ids;
    }
    ids = new Set<string>();
    const dir = join(this.root, table, ...partitionDir.split('/'));
    for (const name of await listDir(dir)) {
      if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(dir, name), { force: true }); // a crashed write's
      else if (name.endsWith('.parquet')) await addIds(ids, join(dir, name));
    }
    this.partitions.set(key, ids);
    if (this.partitions.size > this.maxPartitions) this.partitions.delete(this.partitions.keys().next().value as string);
    return ids;
  }

  /** Ids of every untimed object of the table, in any partition (read once per run). */
  async untimedIds(table: string): Promise<Set<string>> {
    let ids = this.untimed.get(table);
    if (ids !== undefined) return ids;
    ids = new Set<string>();
    const tableDir = join(this.root, table);
    for (const dt of await listDir(tableDir)) {
      for (const hour of await listDir(join(tableDir, dt))) {
        for (const name of await listDir(join(tableDir, dt, hour))) if (isUntimedObject(name)) await addIds(ids, join(tableDir, dt, hour, name));
      }
    }
    this.untimed.set(table, ids);
    return ids;
  }

  /** Remembers ids just written (to whichever sets are loaded). */
  added(table: string, partitionDir: string, untimed: boolean, ids: readonly string[]): void {
    const sets = [this.partitions.get(`${table}/${partitionDir}`), untimed ? this.untimed.get(table) : undefined];
    for (const set of sets) if (set !== undefined) for (const id of ids) set.add(id);
  }
}

async function addIds(into: Set<string>, path: string): Promise<void> {
  const buf = await readFile(path);
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  for (const row of await parquetReadObjects({ file, columns: ['event_id'] })) into.add(row.event_id as string);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}
