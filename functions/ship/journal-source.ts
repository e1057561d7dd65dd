import { spawn, type ChildProcess } from 'node:child_process';

/** What starts the source: journalctl itself, or `--source-command`. */
export interface SourceCommand {
  /** A shell command line; null: journalctl. */
  command: string | null;
  /** Exit at the end of the journal instead of following it. */
  once: boolean;
}

/**
 * `journalctl -o export` (binary-safe) from after `cursor`. `--no-tail` makes journalctl print
 * everything after the cursor (or the whole journal) instead of the last 10 entries. A custom
 * command gets the same `--after-cursor=` argument appended.
 */
export function sourceArgv(src: SourceCommand, cursor: string | null): { file: string; args: string[] } {
  const after = cursor !== null ? [`--after-cursor=${cursor}`] : [];
  if (src.command === null) {
    return { file: 'journalctl', args: ['-o', 'export', '--no-tail', ...(src.once ? [] : ['--follow']), ...after] };
  }
  return { file: '/bin/sh', args: ['-c', `${src.command} "$@"`, 'logsift-ship-source', ...after] };
}

/**
 * Starts the source with its stdout piped (its stderr goes to ours), in a process group of its
 * own, so stopping it reaches every process of a `--source-command` pipeline.
 */
export function startSource(src: SourceCommand, cursor: string | null): ChildProcess {
  const { file, args } = sourceArgv(src, cursor);
  return spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
}

/** SIGTERM to the source's process group, and stop reading its output. */
export function stopSource(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  child.stdout?.destroy();
}

/** Resolves when the child has exited and its stdout is closed: exit code, or a spawn error. */
export function sourceClosed(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }> {
  return new Promise((resolve) => {
    let error: Error | undefined;
    child.once('error', (err) => {
      error = err;
      // A child that never started emits no 'close' after 'error' when spawning failed.
      if (child.pid === undefined) resolve({ code: null, signal: null, error: err });
    });
    child.once('close', (code, signal) => resolve(error ? { code, signal, error } : { code, signal }));
  });
}
