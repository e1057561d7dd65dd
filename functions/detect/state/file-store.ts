import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryStateStore, type StoredItem } from './memory-store.js';

const FILE = 'detectors.json';

/** Detector state kept in a directory between runs (the CLI's `<store>/state/`). */
export interface FileState {
  store: MemoryStateStore;
  /** Writes the state as it is now, atomically (temp file + rename). */
  save(): Promise<void>;
}

/**
 * Loads the state a previous run saved, so `logsift run a.log` then `logsift run b.log` detects
 * across both as the Lambda does across batches. The whole state is one JSON file: it holds
 * open windows and recent keys only, which the detectors prune as event time moves on.
 */
export async function openFileState(dir: string): Promise<FileState> {
  const path = join(dir, FILE);
  let items = new Map<string, StoredItem>();
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== null) {
    try {
      items = new Map(JSON.parse(text) as [string, StoredItem][]);
    } catch (err) {
      throw new Error(`detector state ${path} is not readable JSON (${(err as Error).message}); move it away to start afresh`);
    }
  }
  const store = new MemoryStateStore(items);
  return {
    store,
    async save() {
      await mkdir(dir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(store.snapshot()));
      await rename(tmp, path);
    },
  };
}
