import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ObjectSink } from './object-sink.js';

/**
 * Objects as files under a directory (the CLI's store). Each write goes to a temporary file
 * beside the target and is renamed over it, so a reader (or a crash) never sees half a file.
 */
export class DirectoryObjectSink implements ObjectSink {
  constructor(private readonly root: string) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    if (key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '')) throw new Error(`bad object key: ${key}`);
    const path = join(this.root, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${dirname(path)}${sep}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, body);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /**
   * Deletes the objects named `<objectId>.parquet` under `tables` that are not in `kept`. A row
   * without event time is partitioned by its receive time, which for the CLI is the run's clock:
   * re-running an input later puts those rows in another partition, and the copy the earlier run
   * left in the old one must go.
   */
  async removeOtherCopies(tables: readonly string[], objectId: string, kept: readonly string[]): Promise<void> {
    const keep = new Set(kept);
    const name = `${objectId}.parquet`;
    for (const table of tables) {
      for (const path of await filesNamed(join(this.root, table), name, 2)) {
        const key = relative(this.root, path).split(sep).join('/');
        if (!keep.has(key)) await rm(path, { force: true });
      }
    }
  }
}

/** Files called `name` exactly `depth` directories below `dir` (the dt= and hour= levels). */
async function filesNamed(dir: string, name: string, depth: number): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  if (depth === 0) return entries.some((e) => e.isFile() && e.name === name) ? [join(dir, name)] : [];
  const found: string[] = [];
  for (const e of entries) if (e.isDirectory()) found.push(...(await filesNamed(join(dir, e.name), name, depth - 1)));
  return found;
}
