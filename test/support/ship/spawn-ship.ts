import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm run build`; npm ci runs it) and the journalctl stand-in beside it. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(ROOT, 'bin/logsift.js');
export const JOURNAL_SOURCE = join(ROOT, 'dist/bench/journal-source.js');

export interface ShipProcess {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Exit code (null when killed by a signal) and how long the process lived. */
  exit: Promise<{ code: number | null; ms: number }>;
}

/** Test credentials only: the stand-ins accept any. */
export const TEST_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

/** An environment in which the SDK's credential chain finds nothing, quickly (no instance metadata). */
export function noCredentialsEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

const running = new Set<ChildProcess>();

/** SIGKILL to every process spawnLogsift started that is still running (a failed test's leftovers). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** `logsift <args>` as a real process. */
export function spawnLogsift(args: string[], env: NodeJS.ProcessEnv = { ...process.env, ...TEST_CREDENTIALS }, as: { uid?: number } = {}): ShipProcess {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...(as.uid !== undefined ? { uid: as.uid, gid: as.uid } : {}) });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exit = new Promise<{ code: number | null; ms: number }>((resolve) => child.once('close', (code) => resolve({ code, ms: Date.now() - t0 })));
  return { child, stderr: () => err, stdout: () => out, exit };
}

export async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The lines the AWS SDK prints for its Node version warning, if any. */
export function sdkWarningLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /NodeVersionSupportWarning|\(node:\d+\) Warning|--trace-warnings/.test(l));
}

/**
 * A directory holding a `journalctl` stand-in, to put first on PATH: it prints `count` generated
 * export entries (the bench source, which honours --after-cursor), and rejects cursors it cannot
 * read in journalctl's own words ("Failed to seek to cursor: Invalid argument", exit 1).
 * `body` replaces it with any shell script.
 */
export function fakeJournalctl(parent: string, count = 20, body?: string): string {
  const bin = mkdtempSync(join(parent, 'bin-'));
  const script = join(bin, 'journalctl');
  writeFileSync(
    script,
    body ??
      `#!/bin/sh\nfor a; do case "$a" in --after-cursor=s=*) ;; --after-cursor=*) echo 'Failed to seek to cursor: Invalid argument' >&2; exit 1;; esac; done\nexec "${process.execPath}" "${JOURNAL_SOURCE}" --count ${count} "$@"\n`,
  );
  chmodSync(script, 0o755);
  return bin;
}
