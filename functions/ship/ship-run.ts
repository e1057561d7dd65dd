import type { Readable } from 'node:stream';
import { backoffDelay, sleep } from './backoff.js';
import { formatCounters, type ShipCounters } from './counters.js';
import { readCursorFile, writeCursorFile } from './cursor-file.js';
import { EntryReader } from './entry-reader.js';
import type { PutRecordsFn } from './kinesis-put.js';
import { sourceClosed, startSource, stopSource, type SourceCommand } from './journal-source.js';
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
  /** Aborted on SIGTERM/SIGINT: stop reading, send what was read, save the cursor, return. */
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
 * last entry read (with backoff); with `once`, its exit is the end.
 */
export async function runShip(run: ShipRun): Promise<ShipOutcome> {
  const startCursor = await readCursorFile(run.cursorFile);
  let input: Readable | undefined;
  // Stops reading on SIGTERM, and when Kinesis refused for good.
  const halt = new AbortController();
  const haltNow = () => halt.abort();
  run.stop.addEventListener('abort', haltNow, { once: true });
  const shipper = new Shipper(run.settings, run.put, {
    pause: () => input?.pause(),
    resume: () => input?.resume(),
    saveCursor: (c) => writeCursorFile(run.cursorFile, c),
    onFatal: haltNow,
  }, startCursor);
  const report = (prefix: string) => run.log(`${prefix}${formatCounters(shipper.counters, shipper.pending, shipper.lagSeconds())}`);
  const progress = run.settings.progressMs > 0 ? setInterval(() => report(''), run.settings.progressMs) : undefined;
  let sourceFailed = false;

  const feed = (reader: EntryReader, chunk: Buffer) => {
    for (const e of reader.push(chunk)) shipper.push(e);
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
      const onData = (c: Buffer) => feed(reader, c);
      stream.on('data', onData);
      stream.once('end', () => {
        for (const e of reader.end()) shipper.push(e);
        done();
      });
      stream.once('error', (err) => {
        run.log(`cannot read standard input: ${err.message}`);
        sourceFailed = true;
        done();
      });
      halt.signal.addEventListener('abort', done, { once: true });
    });
  } else {
    const src = run.source;
    let restarts = 0;
    while (!halt.signal.aborted) {
      const child = startSource(src, shipper.lastReadCursor);
      const stdout = child.stdout!;
      input = stdout;
      const reader = new EntryReader();
      stdout.on('data', (c: Buffer) => feed(reader, c));
      const kill = () => stopSource(child);
      halt.signal.addEventListener('abort', kill, { once: true });
      const closed = await sourceClosed(child);
      halt.signal.removeEventListener('abort', kill);
      if (halt.signal.aborted) break; // the partial entry, if any, is read again from the cursor
      const how = closed.error ? `could not run: ${closed.error.message}` : `exited with ${closed.signal ?? `code ${closed.code}`}`;
      if (src.once) {
        for (const e of reader.end()) shipper.push(e);
        if (closed.error || closed.code !== 0) {
          run.log(`source ${how}`);
          sourceFailed = true;
        }
        break;
      }
      shipper.counters.sourceRestarts++;
      const wait = 1000 + backoffDelay(restarts++, 1000, 30_000);
      run.log(`source ${how}; restarting after the last entry read in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait, halt.signal);
    }
  }

  let exitCode = sourceFailed ? 1 : 0;
  try {
    await shipper.drain();
  } catch (err) {
    run.log(`stopped: ${(err as Error).message}`);
    exitCode = 1;
  }
  if (progress !== undefined) clearInterval(progress);
  run.stop.removeEventListener('abort', haltNow);
  report('done: ');
  return { exitCode, counters: shipper.counters, cursor: await readCursorFile(run.cursorFile) };
}
