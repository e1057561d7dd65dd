import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The lock file in a store's directory: who writes the store now. */
export const LOCK_FILE = 'run.lock';

export interface LockOwner {
  pid: number;
  host: string;
  /** RFC 3339, when the owner took the lock. */
  started: string;
  /** Tells this lock from another the same process took (tests run several in one process). */
  nonce: string;
}

/** The store stayed locked by another writer for the whole wait. */
export class StoreLockedError extends Error {}

export interface LockOptions {
  /** How long to wait for another writer to finish, in milliseconds (0: do not wait). */
  waitMs: number;
  /** Told once, when the store is found locked and the wait begins. */
  onWait?: (owner: LockOwner | null, path: string) => void;
  pollMs?: number;
}

export interface StoreLock {
  release(): Promise<void>;
}

/**
 * One writer per store: takes `<store>/run.lock` (created exclusively, holding pid, host and
 * start time), waiting while another live writer holds it. A lock whose owner is a process of
 * this host that no longer runs (killed, crashed) is stale and taken over. A lock of another
 * host cannot be checked and is respected; the error message names the file to remove.
 */
export async function lockStore(store: string, opts: LockOptions): Promise<StoreLock> {
  await mkdir(store, { recursive: true });
  const path = join(store, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), nonce: randomBytes(6).toString('hex') };
  const deadline = Date.now() + opts.waitMs;
  let told = false;
  for (;;) {
    if (await tryCreate(path, me)) return { release: () => releaseIfMine(path, me) };
    const owner = await readOwner(path);
    if (owner !== undefined && isStale(owner)) {
      await removeStale(path, owner);
      continue;
    }
    if (Date.now() >= deadline) throw new StoreLockedError(lockedMessage(path, owner ?? null, opts.waitMs));
    if (!told) {
      told = true;
      opts.onWait?.(owner ?? null, path);
    }
    await sleep(Math.min(opts.pollMs ?? 200, Math.max(1, deadline - Date.now())));
  }
}

function lockedMessage(path: string, owner: LockOwner | null, waitMs: number): string {
  const who = owner === null ? 'another writer' : `pid ${owner.pid} on ${owner.host} (since ${owner.started})`;
  return `the store is being written by ${who}; waited ${Math.round(waitMs / 1000)} s (--wait); try again when it ends, or remove ${path} if that process is gone`;
}

/** Creates the lock file if there is none; the content is written before anyone can see it. */
async function tryCreate(path: string, me: LockOwner): Promise<boolean> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(JSON.stringify(me) + '\n');
  } finally {
    await fh.close();
  }
  try {
    // link() fails if the lock exists: exclusive creation of a file that already has its content.
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** The owner named in the lock file; null if it is unreadable; undefined if it is gone. */
async function readOwner(path: string): Promise<LockOwner | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : null;
  } catch {
    return null;
  }
}

function isStale(owner: LockOwner | null): boolean {
  if (owner === null || owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves a stale lock aside, then checks it is the stale one: if another writer took the store
 * between the read and the move, its lock is put back (link fails only if yet another took it).
 */
async function removeStale(path: string, stale: LockOwner | null): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readOwner(aside);
  if (JSON.stringify(moved) !== JSON.stringify(stale)) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

async function releaseIfMine(path: string, me: LockOwner): Promise<void> {
  const owner = await readOwner(path);
  if (owner?.nonce === me.nonce && owner.pid === me.pid) await rm(path, { force: true });
}
