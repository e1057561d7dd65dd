import type { Readable } from 'node:stream';
import { backoffDelay, sleep } from './backoff.js';
import { formatCounters, newCounters, type ShipCounters } from './counters.js';
import { readCursorFile, writeCursorFile } from './cursor-file.js';
import { EntryReader } from './entry-reader.js';
import type { PutRecordsFn } from './kinesis-put.js';
import { journalArgs, sourceClosed, startSource, stopSource, type SourceCommand } from './journal-source.js';
import { exitText, fatalSourceError } from './source-failure.js';
import type { ShipSettings } from './ship-options.js';
import { Shipper } from './shipper.js';

export type ShipSource = { kind: 'stdin'; stream: Readable } | ({ kind: 'command' } & SourceCommand);

export interface ShipRun {
  settings: ShipSettings;
  put: PutRecordsFn;
  cursorFile: string;
  source: ShipSource;
  /** One line of progress or news (the CLI writes it to stderr). */
  log(line: string): void;
  /** Aborted on SIGTERM/SIGINT: stop reading, send what was read (for at most settings.stopTimeoutMs), save the cursor, return. */
  stop: AbortSignal;
}

export interface ShipOutcome {
  exitCode: number;
  counters: ShipCounters;
  cursor: string | null;
}

/**
 * The shipper's life: read the cursor, follow the source from after it, ship, and save the
 * cursor as entries are acknowledged. A source that exits while following is restarted from the
 * last entry read (with backoff); with `once`, its exit is the end. A source that cannot start
 * (a rejected cursor, no journalctl, failing at once every time) stops the shipper with the
 * reason and exit status 1.
 */
export async function runShip(run: ShipRun): Promise<ShipOutcome> {
  let startCursor: string | null;
  try {
    startCursor = await readCursorFile(run.cursorFile);
  } catch (err) {
    run.log(`error: cannot read the cursor file ${run.cursorFile} (${(err as Error).message}). Fix: check --cursor-file (default: in STATE_DIRECTORY) and its permissions`);
    return { exitCode: 1, counters: newCounters(), cursor: null };
  }
  let input: Readable | undefined;
  // Stops reading on SIGTERM, and when Kinesis refused for good.
  const halt = new AbortController();
  const haltNow = () => halt.abort();
  run.stop.addEventListener('abort', haltNow, { once: true });
  let lastRetryLog: { kind: string; at: number } | undefined;
  const shipper = new Shipper(run.settings, run.put, {
    pause: () => input?.pause(),
    resume: () => input?.resume(),
    saveCursor: (c) => writeCursorFile(run.cursorFile, c),
    onFatal: haltNow,
    onRetryableError: (p) => {
      // The cause once when it starts, then at most every 30 s while it lasts.
      const now = Date.now();
      if (lastRetryLog?.kind === p.kind && now - lastRetryLog.at < 30_000) return;
      lastRetryLog = { kind: p.kind, at: now };
      run.log(`Kinesis call failed, retrying with backoff: ${p.cause}${p.kind === 'network' ? `. If it persists: ${p.fix}` : ''}`);
    },
  }, startCursor);
  const report = (prefix: string) => run.log(`${prefix}${formatCounters(shipper.counters, shipper.pending, shipper.lagSeconds())}`);
  const progress = run.settings.progressMs > 0 ? setInterval(() => report(''), run.settings.progressMs) : undefined;
  let sourceError: string | undefined;

  const feed = (reader: EntryReader, chunk: Buffer): number => {
    const entries = reader.push(chunk);
    for (const e of entries) shipper.push(e);
    return entries.length;
  };

  if (run.source.kind === 'stdin') {
    const stream = run.source.stream;
    input = stream;
    const reader = new EntryReader();
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('data', onData);
        resolve();
      };
      const onData = (c: Buffer) => void feed(reader, c);
      stream.on('data', onData);
      stream.once('end', () => {
        for (const e of reader.end()) shipper.push(e);
        done();
      });
      stream.once('error', (err) => {
        sourceError = `cannot read standard input: ${err.message}`;
        done();
      });
      halt.signal.addEventListener('abort', () => {
        // Stop reading: an open stdin would keep the process alive.
        stream.destroy();
        done();
      }, { once: true });
    });
  } else {
    const src = run.source;
    const describe = src.command ?? ['journalctl', ...journalArgs(src.journal), '-o', 'export'].join(' ');
    let restarts = 0;
    let emptyFailures = 0;
    while (!halt.signal.aborted) {
      const cursor = shipper.lastReadCursor;
      const child = startSource(src, cursor);
      const stdout = child.stdout!;
      input = stdout;
      const reader = new EntryReader();
      let entries = 0;
      stdout.on('data', (c: Buffer) => (entries += feed(reader, c)));
      const stderrTail = passStderr(child.stderr!, run.log);
      const kill = () => stopSource(child);
      halt.signal.addEventListener('abort', kill, { once: true });
      const closed = await sourceClosed(child);
      halt.signal.removeEventListener('abort', kill);
      if (halt.signal.aborted) break; // the partial entry, if any, is read again from the cursor
      if (src.once) entries += flushEnd(reader, shipper);
      const exit = { ...closed, entries, stderrTail: stderrTail() };
      const failed = exit.error !== undefined || exit.code !== 0;
      const fatal = failed ? fatalSourceError(exit, { cursorFile: run.cursorFile, cursor, describe, emptyFailuresBefore: src.once ? 0 : emptyFailures }) : null;
      if (fatal !== null) {
        sourceError = fatal;
        break;
      }
      if (src.once) {
        if (failed) sourceError = `the source \`${describe}\` ${exitText(exit)}`;
        break;
      }
      emptyFailures = failed && entries === 0 ? emptyFailures + 1 : 0;
      shipper.counters.sourceRestarts++;
      const wait = 1000 + backoffDelay(restarts++, 1000, 30_000);
      run.log(`source ${exitText(exit)}; restarting after the last entry read in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait, halt.signal);
    }
  }

  let exitCode = sourceError !== undefined ? 1 : 0;
  let stopped: string | undefined;
  try {
    const { complete } = await shipper.drain(run.stop);
    if (!complete) {
      exitCode = 1;
      stopped = `stopped after ${run.settings.stopTimeoutMs / 1000} s with ${shipper.pending} entries not acknowledged; the cursor stays at the last acknowledged entry, so they are sent at the next start`;
    }
  } catch (err) {
    stopped = (err as Error).message;
    exitCode = 1;
  }
  if (progress !== undefined) clearInterval(progress);
  run.stop.removeEventListener('abort', haltNow);
  report('done: ');
  // The reason comes last, where `systemctl status` and `kubectl logs --tail` show it.
  for (const line of [sourceError, stopped]) if (line !== undefined) run.log(`error: ${line}`);
  return { exitCode, counters: shipper.counters, cursor: await readCursorFile(run.cursorFile) };
}

/** The last entry, when the source ended without the empty line after it. */
function flushEnd(reader: EntryReader, shipper: Shipper): number {
  const rest = reader.end();
  for (const e of rest) shipper.push(e);
  return rest.length;
}

/** Passes the source's stderr on, line by line, and keeps its last lines to explain a failure. */
function passStderr(stderr: Readable, log: (line: string) => void): () => string[] {
  const tail: string[] = [];
  let partial = '';
  const take = (line: string) => {
    const text = line.trimEnd().slice(0, 1000);
    if (text === '') return;
    log(`source: ${text}`);
    tail.push(text);
    if (tail.length > 5) tail.shift();
  };
  stderr.setEncoding('utf8');
  stderr.on('data', (c: string) => {
    const lines = (partial + c).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(take);
  });
  return () => {
    if (partial !== '') take(partial);
    partial = '';
    return tail;
  };
}
