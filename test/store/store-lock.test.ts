import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockStore, StoreLockedError } from '../../functions/store/store-lock.js';
import { cli } from '../cli/run-cli.js';
import { exited, spawnCli } from '../support/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'logsift-lock-'));
let n = 0;
const freshStore = (): string => join(scratch, `store-${++n}`);
const input = join(scratch, 'in.log');
writeFileSync(input, '<14>1 2026-11-26T01:00:00Z h a - - - one\n');

/** A pid that belonged to a process of this host which has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('one writer per store', () => {
  it('a second run waits, says so on stderr, and runs when the first ends', { timeout: 60_000 }, async () => {
    const store = freshStore();
    const held = await lockStore(store, { waitMs: 0 });
    const second = await spawnCli(['run', '--wait', '30', '--store', store, input]);
    let stderr = '';
    second.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = exited(second);
    while (!stderr.includes('\n') && second.exitCode === null) await sleep(10);
    expect(stderr).toMatch(new RegExp(`^logsift: the store .* is being written by pid ${process.pid} on ${hostname()}; waiting up to 30 s\\n$`));
    await sleep(200);
    expect(second.exitCode).toBe(null); // still waiting
    expect(existsSync(join(store, 'logs'))).toBe(false);
    await held.release();
    expect((await done).code).toBe(0);
    expect(existsSync(join(store, 'logs'))).toBe(true);
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  });

  it('stops with one line naming the writer and the lock file when the wait ends', async () => {
    const store = freshStore();
    const held = await lockStore(store, { waitMs: 0 });
    try {
      const r = await cli(['run', '--wait', '0', '--store', store, input]);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toContain(`the store is being written by pid ${process.pid} on ${hostname()}`);
      expect(r.stderr).toContain(join(store, LOCK_FILE));
      expect(existsSync(join(store, 'logs'))).toBe(false);
    } finally {
      await held.release();
    }
  });

  it('takes over the lock of a writer of this host that no longer runs', async () => {
    const store = freshStore();
    mkdirSync(store);
    const stale = { pid: deadPid(), host: hostname(), started: '2026-11-26T01:00:00.000Z', nonce: 'x' };
    writeFileSync(join(store, LOCK_FILE), JSON.stringify(stale));
    const r = await cli(['run', '--wait', '0', '--store', store, input]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  });

  it('respects the lock of another host (it cannot tell whether that writer runs)', async () => {
    const store = freshStore();
    mkdirSync(store);
    writeFileSync(join(store, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'other-host.example', started: '2026-11-26T01:00:00.000Z', nonce: 'y' }));
    await expect(lockStore(store, { waitMs: 300, pollMs: 50 })).rejects.toThrow(StoreLockedError);
    await expect(lockStore(store, { waitMs: 0 })).rejects.toThrow(/on other-host\.example .*remove .*run\.lock/);
  });

  it('gives the store to one of many at a time', async () => {
    const store = freshStore();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const lock = await lockStore(store, { waitMs: 20_000, pollMs: 10 });
        inside++;
        most = Math.max(most, inside);
        await sleep(20);
        inside--;
        await lock.release();
      }),
    );
    expect(most).toBe(1);
  });
});

describe('a run killed with SIGKILL', () => {
  it('leaves a stale lock and part of its rows; running it again stores the rest, each once', { timeout: 120_000 }, async () => {
    const store = freshStore();
    const file = join(scratch, 'big.log');
    // 3,000 lines over 50 hours: one object per hour, written one after the other.
    const lines = Array.from({ length: 3000 }, (_, i) => `<14>1 ${new Date(Date.UTC(2026, 10, 26) + i * 60_000).toISOString()} h a - - - line ${i}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const child = await spawnCli(['run', '--store', store, file]);
    const done = exited(child);
    const logs = join(store, 'logs');
    const objects = (): number => (existsSync(logs) ? readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('.parquet')).length : 0);
    while (objects() === 0 && child.exitCode === null) await sleep(2);
    child.kill('SIGKILL');
    const end = await done;
    expect(end.signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(join(store, LOCK_FILE), 'utf8')).pid).toBe(child.pid);
    const partial = await count(store);
    expect(partial.rows).toBeGreaterThan(0);
    expect(partial.rows).toBe(partial.ids);

    const again = await cli(['run', '--wait', '0', '--json', '--store', store, file]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).already_stored).toBe(partial.rows);
    expect(await count(store)).toEqual({ rows: 3000, ids: 3000 });
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  });
});

async function count(store: string): Promise<{ rows: number; ids: number }> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const q = `SELECT count(*)::INTEGER AS rows, count(DISTINCT event_id)::INTEGER AS ids FROM read_parquet('${store}/logs/*/*/*.parquet')`;
    return (await db.runAndReadAll(q)).getRowObjectsJson()[0] as { rows: number; ids: number };
  } finally {
    db.closeSync();
  }
}
