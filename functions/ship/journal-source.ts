import { spawn, type ChildProcess } from 'node:child_process';

/** What starts the source: journalctl itself, or `--source-command`. */
export interface SourceCommand {
  /** A shell command line; null: journalctl. */
  command: string | null;
  /** Exit at the end of the journal instead of following it. */
  once: boolean;
  /** journalctl reads these journal files (`--file`) or this directory (`--directory`) instead of the system journal. */
  journal?: JournalSelection;
}

export interface JournalSelection {
  files: string[];
  directory?: string;
}

/** journalctl's arguments that select the journal to read. */
export function journalArgs(sel: JournalSelection | undefined): string[] {
  if (sel === undefined) return [];
  return [...sel.files.map((f) => `--file=${f}`), ...(sel.directory !== undefined ? [`--directory=${sel.directory}`] : [])];
}

/**
 * `journalctl -o export` (binary-safe) from after `cursor`. `--no-tail` makes journalctl print
 * everything after the cursor (or the whole journal) instead of the last 10 entries. A custom
 * command gets the same `--after-cursor=` argument appended.
 */
export function sourceArgv(src: SourceCommand, cursor: string | null): { file: string; args: string[] } {
  const after = cursor !== null ? [`--after-cursor=${cursor}`] : [];
  if (src.command === null) {
    return { file: 'journalctl', args: [...journalArgs(src.journal), '-o', 'export', '--no-tail', ...(src.once ? [] : ['--follow']), ...after] };
  }
  return { file: '/bin/sh', args: ['-c', `${src.command} "$@"`, 'logsift-ship-source', ...after] };
}

/**
 * Starts the source with its stdout and stderr piped (the caller passes stderr on, and keeps its
 * last lines to explain a failure), in a process group of its own, so stopping it reaches every
 * process of a `--source-command` pipeline.
 */
export function startSource(src: SourceCommand, cursor: string | null): ChildProcess {
  const { file, args } = sourceArgv(src, cursor);
  return spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/**
 * SIGTERM to the source's process group, and stop reading its output; SIGKILL after `graceMs`
 * if it is still there, so a source that ignores SIGTERM cannot keep the shipper from exiting.
 */
export function stopSource(child: ChildProcess, graceMs = 2000): void {
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  child.stdout?.destroy();
  if (child.exitCode === null && child.signalCode === null) {
    const kill = setTimeout(() => signal('SIGKILL'), graceMs);
    kill.unref();
    child.once('exit', () => clearTimeout(kill));
  }
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
