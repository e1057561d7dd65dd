import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { arrayBufferOf, readEventIds } from './event-id-column.js';
import { IdSet } from './id-set.js';
import { isUntimedObject } from './object-ids.js';

export { IdSet };

/**
 * The event ids a table already holds, read from the stored objects themselves (their
 * `event_id` column): the objects are the only truth, so nothing can disagree with them after a
 * crash. Read per partition on first use and kept for the run (a bounded number of partitions;
 * one evicted is read again when needed). Only the single writer that holds the store's lock
 * may use this: it is not refreshed from other writers.
 */
export class StoredIds {
  private readonly partitions = new Map<string, IdSet>();
  private readonly untimed = new Map<string, IdSet>();

  constructor(
    private readonly root: string,
    // Input is mostly in time order, so a run comes back to few partitions; one it comes back
    // to after eviction is read again (a few ms per 10,000 rows).
    private readonly maxPartitions = 16,
  ) {}

  /** Ids in `<table>/<partition dir>` (e.g. `dt=2026-11-26/hour=01`). */
  async partition(table: string, partitionDir: string): Promise<IdSet> {
    const key = `${table}/${partitionDir}`;
    let ids = this.partitions.get(key);
    if (ids !== undefined) {
      // Most recently used last, so eviction drops the partition unused longest.
      this.partitions.delete(key);
      this.partitions.set(key, ids);
      return ids;
    }
    ids = new IdSet();
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
  async untimedIds(table: string): Promise<IdSet> {
    let ids = this.untimed.get(table);
    if (ids !== undefined) return ids;
    ids = new IdSet();
    const tableDir = join(this.root, table);
    for (const dt of await listDir(tableDir)) {
      for (const hour of await listDir(join(tableDir, dt))) {
        for (const name of await listDir(join(tableDir, dt, hour))) if (isUntimedObject(name)) await addIds(ids, join(tableDir, dt, hour, name));
      }
    }
    this.untimed.set(table, ids);
    return ids;
  }

  /** Lets every set go (the run's writing is done; compaction reads what it needs itself). */
  forget(): void {
    this.partitions.clear();
    this.untimed.clear();
  }

  /** Remembers ids just written (to whichever sets are loaded, but `known`: the caller's, added already). */
  added(table: string, partitionDir: string, untimed: boolean, ids: readonly string[], known?: IdSet): void {
    const sets = [this.partitions.get(`${table}/${partitionDir}`), untimed ? this.untimed.get(table) : undefined];
    for (const set of sets) if (set !== undefined && set !== known) for (const id of ids) set.add(id);
  }
}

async function addIds(into: IdSet, path: string): Promise<void> {
  const buf = await readFile(path);
  const file = arrayBufferOf(buf);
  for (const id of await readEventIds(file)) into.add(id);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}
