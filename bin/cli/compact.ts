import { existsSync } from 'node:fs';
import { DirectoryObjectStore } from '../../functions/sinks/listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { lockStore, StoreLockedError } from '../../functions/store/store-lock.js';
import { StoreError } from './query/errors.js';
import { compactHook, DEFAULT_WAIT_SECONDS } from './store-run.js';

/** `logsift compact`: every partition of the store, under its run lock; one line per table. */
export async function runCompact(store: string, waitSeconds = DEFAULT_WAIT_SECONDS, notice: (line: string) => void): Promise<string> {
  if (!existsSync(store)) throw new StoreError(`no store at ${store} (logsift run writes one)`);
  let lock;
  try {
    lock = await lockStore(store, {
      waitMs: waitSeconds * 1000,
      onWait: (owner) => notice(`logsift: the store ${store} is being written by ${owner === null ? 'another run' : `pid ${owner.pid} on ${owner.host}`}; waiting up to ${waitSeconds} s`),
    });
  } catch (err) {
    if (err instanceof StoreLockedError) throw new StoreError(err.message);
    throw err;
  }
  try {
    const tables = await compactStore(new DirectoryObjectStore(store), { afterMergedPut: compactHook() });
    return tables.map((t) => `${t.table}: ${t.before} objects -> ${t.after} in ${t.partitions} partitions\n`).join('');
  } finally {
    await lock.release();
  }
}
