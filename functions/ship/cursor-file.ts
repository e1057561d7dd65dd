import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The saved cursor, or null when there is none yet. */
export async function readCursorFile(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const cursor = text.split('\n')[0].trim();
  return cursor.length > 0 ? cursor : null;
}

/**
 * Replaces the cursor file atomically: write a temporary file beside it, fsync, rename over it,
 * fsync the directory. A crash at any point leaves the old cursor or the new one, never half.
 */
export async function writeCursorFile(path: string, cursor: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(cursor + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await dir.close();
  }
}
