import { createRequire } from 'node:module';
import { DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import { recordStream, type StreamOptions } from '../../functions/pipeline/record-stream.js';
import { checkReadable, chunksOf, InputError, NdjsonWriter } from './io.js';
import { mergeByEventTime } from './merge.js';
import { parseOptions, UsageError, type CliOptions } from './options.js';
import { USAGE } from './usage.js';

async function main(argv: string[]): Promise<number> {
  const opts = parseOptions(argv);
  if (opts.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (opts.command === 'version') {
    const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  await checkReadable(opts.inputs);
  const out = new NdjsonWriter(process.stdout);
  if (opts.command === 'parse') await runParse(opts, out);
  else await runDetect(opts, out);
  return 0;
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
async function runParse(opts: CliOptions, out: NdjsonWriter): Promise<void> {
  for (const input of opts.inputs) {
    for await (const batch of recordStream(chunksOf(input), streamOptions(opts, input))) await out.write(batch);
  }
}

/** Every input's records merged by event time, through the detectors; findings at the end. */
async function runDetect(opts: CliOptions, out: NdjsonWriter): Promise<void> {
  const engine = new DetectionEngine(defaultDetectors(opts.config.detectors), new MemoryStateStore(), opts.config.detectors);
  const streams = opts.inputs.map((input) => recordStream(chunksOf(input), streamOptions(opts, input)));
  for await (const record of mergeByEventTime(streams)) await engine.push(record);
  await out.write(await engine.end());
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is the reader's choice, not a failure.
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`logsift: cannot write output: ${err.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`logsift: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof InputError) {
      process.stderr.write(`logsift: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`logsift: ${(err as Error).message.split('\n')[0]}\n`);
      process.exitCode = 1;
    }
  },
);
