import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DirectoryObjectSink } from './directory-sink.js';
import type { ObjectStore } from './object-store.js';

/** An object's key and size in bytes. */
export interface ListedObject {
  key: string;
  size: number;
}

/**
 * A store that also lists and deletes objects: what compaction needs (functions/store/compact.ts),
 * locally a directory, on AWS a bucket.
 */
export interface ListedObjectStore extends ObjectStore {
  /** Objects directly under `prefix` (a folder, ending in `/`), not in its subfolders. */
  list(prefix: string): Promise<ListedObject[]>;
  /** Folder names directly under `prefix` (without the trailing `/`). */
  folders(prefix: string): Promise<string[]>;
  /** Removes the object; nothing if there is none. */
  delete(key: string): Promise<void>;
}

/** The local store: objects as files under a directory (writes as DirectoryObjectSink). */
export class DirectoryObjectStore extends DirectoryObjectSink implements ListedObjectStore {
  constructor(private readonly dir: string) {
    super(dir);
  }

  private path(key: string): string {
    if (key.startsWith('/') || key.split('/').some((part) => part === '..')) throw new Error(`bad object key: ${key}`);
    return join(this.dir, ...key.split('/').filter((p) => p !== ''));
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const out: ListedObject[] = [];
    for (const e of await entries(this.path(prefix))) {
      // Hidden files are a write in progress (or a crashed one's): not objects.
      if (e.isFile() && !e.name.startsWith('.')) out.push({ key: `${prefix}${e.name}`, size: (await stat(join(this.path(prefix), e.name))).size });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async folders(prefix: string): Promise<string[]> {
    return (await entries(this.path(prefix))).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

async function entries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}
