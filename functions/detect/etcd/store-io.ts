import type { StateStore } from '../types.js';

/** Conditional writes lose only to a concurrent writer; after this many losses something is wrong. */
const MAX_ATTEMPTS = 16;

/**
 * Read-modify-write under the store's version check: `change` mutates a fresh copy and says
 * whether anything changed; on a lost race it runs again on the winner's value, so a change
 * that is idempotent (sets keyed by event_id) is applied exactly once.
 *
 * `change` gets `arg` rather than closing over it, so callers pass module-level functions: a
 * closure made per call is compiled again after each major GC drops its optimized code.
 */
export async function updateState<T, A, R>(
  store: StateStore,
  key: string,
  init: () => T,
  change: (value: T, arg: A) => { changed: boolean; result: R },
  arg: A,
): Promise<R> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.get<T>(key);
    const value = current ? current.value : init();
    const { changed, result } = change(value, arg);
    if (!changed) return result;
    if (await store.put(key, value, current ? current.version : null)) return result;
  }
  throw new Error(`etcd detector: state ${key} kept changing under concurrent writers`);
}
