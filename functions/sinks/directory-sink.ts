import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
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
}
