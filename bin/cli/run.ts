import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import type { Finding } from '../../functions/detect/types.js';
import { recordStream, type StreamOptions } from '../../functions/pipeline/record-stream.js';
import { serializeRecord } from '../../functions/pipeline/serialize-record.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { checkReadable, chunksOf, InputError, NdjsonWriter } from './io.js';
import { mergeByEventTime } from './merge.js';
import { parseOptions, UsageError, type CliOptions } from './options.js';
import { QueryError, StoreError } from './query/errors.js';
import { USAGE } from './usage.js';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * The whole CLI as a function of its arguments and streams, so tests run it in-process.
 * Returns the exit status: 0 when the input was read (records may carry parse_error),
 * 1 for I/O errors, 2 for usage errors; each error is one line on stderr.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Each command loads what only it needs (the AWS SDK, Parquet, DuckDB), so `logsift parse`
  // starts as fast as a plain script.
  if (argv[0] === 'ship') return (await import('./ship.js')).runShipCli(argv.slice(1), io);
  if (argv[0] === 'replay') return (await import('./replay.js')).runReplayCli(argv.slice(1), io);
  if (argv[0] === 'rules') return (await import('./rules.js')).runRulesCli(argv.slice(1), io);
  try {
    const opts = parseOptions(argv);
    if (opts.command === 'help') {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    if (opts.command === 'version') {
      const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
      io.stdout.write(pkg.version + '\n');
      return 0;
    }
    if (opts.command === 'query' || opts.command === 'findings') {
      // Loaded only here: DuckDB's native module takes most of a second to load.
      const { runFindings, runQuery } = await import('./query/commands.js');
      await (opts.command === 'query' ? runQuery(opts, io.stdout) : runFindings(opts, io.stdout));
      return 0;
    }
    if (opts.command === 'report') {
      // DuckDB again, loaded only here.
      await (await import('./report.js')).runReport(opts, io.stdout);
      return 0;
    }
    if (opts.command === 'compact') {
      const { runCompact } = await import('./compact.js');
      io.stdout.write(await runCompact(opts.store, opts.waitSeconds, (line) => io.stderr.write(line + '\n')));
      return 0;
    }
    await checkReadable(opts.inputs);
    if (opts.command !== 'parse') await (await import('./rules-check.js')).checkConfiguredRules(opts.config.detectors);
    if (opts.command === 'parse') await runParse(opts, io);
    else if (opts.command === 'run') await runStore(opts, io);
    else await runDetect(opts, io);
    return 0;
  } catch (err) {
    const code = err instanceof UsageError ? 2 : 1;
    const known = err instanceof UsageError || err instanceof InputError || err instanceof StoreError || err instanceof QueryError;
    const message = known ? err.message : `unexpected error: ${(err as Error).message}`;
    io.stderr.write(`logsift: ${message.split('\n')[0]}\n`);
    return code;
  }
}

function streamOptions(opts: CliOptions, source: string): StreamOptions {
  return {
    source,
    format: opts.format,
    framing: opts.framing,
    receivedTime: opts.receivedTime,
    config: opts.config,
    overrides: { host: opts.host, cluster: opts.cluster },
    defaultZone: opts.tz,
  };
}

/** Inputs one after the other, records in input order. */
async function runParse(opts: CliOptions, io: CliIo): Promise<void> {
  const out = new NdjsonWriter<LogRecord>(io.stdout, serializeRecord);
  for (const input of opts.inputs) {
    for await (const batch of recordStream(chunksOf(input, io.stdin), streamOptions(opts, input))) await out.write(batch);
  }
}

/** Every input's records merged by event time, through the detectors; findings at the end. */
async function runDetect(opts: CliOptions, io: CliIo): Promise<void> {
  // Loaded here, not at start-up: `logsift parse` needs none of the detectors.
  const [{ DetectionEngine }, { defaultDetectors }, { MemoryStateStore }] = await Promise.all([
    import('../../functions/detect/engine.js'),
    import('../../functions/detect/registry.js'),
    import('../../functions/detect/state/memory-store.js'),
  ]);
  const engine = new DetectionEngine(defaultDetectors(opts.config.detectors), new MemoryStateStore(), opts.config.detectors);
  const streams = opts.inputs.map((input) => recordStream(chunksOf(input, io.stdin), streamOptions(opts, input)));
  for await (const record of mergeByEventTime(streams)) {
    engine.push(record);
    if (engine.flushDue) await engine.flush();
  }
  await new NdjsonWriter<Finding>(io.stdout).write(await engine.end());
  if (engine.lateRecords > 0) io.stderr.write(lateRecordsWarning(engine.lateRecords, opts.config.detectors.allowed_lateness_seconds) + '\n');
}

/** One line on stderr: late records can change the findings, so the run must say it saw some. */
export function lateRecordsWarning(late: number, latenessSeconds: number): string {
  const records = late === 1 ? '1 record was' : `${late} records were`;
  return `logsift: warning: ${records} more than ${latenessSeconds} s (detectors.allowed_lateness_seconds) older than the newest event time seen before them; findings may miss them`;
}

/** Decode, parse, correct, detect, route and write into the store; a summary on stdout. */
async function runStore(opts: CliOptions, io: CliIo): Promise<void> {
  const [{ runIntoStore }, { summaryJson, summaryText }, { createProgress }, { boundHeapGrowth }] = await Promise.all([
    import('./store-run.js'),
    import('./run-summary.js'),
    import('./progress.js'),
    import('./heap-growth.js'),
  ]);
  boundHeapGrowth();
  const result = await runIntoStore({
    inputs: opts.inputs,
    store: opts.store,
    config: opts.config,
    streamOptions: (source) => streamOptions(opts, source),
    stdin: io.stdin,
    progressFor: (total) => createProgress(io.stderr, total),
    waitSeconds: opts.waitSeconds,
    notice: (line) => io.stderr.write(line + '\n'),
  });
  const out = io.stdout as Writable & { isTTY?: boolean; columns?: number };
  if (opts.json) io.stdout.write(JSON.stringify(summaryJson(result, opts.store)) + '\n');
  else io.stdout.write(summaryText(result, opts.store, out.isTTY === true && out.columns !== undefined ? out.columns : Infinity));
}
