import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { kinesisPutRecords, type PutRecordsFn } from '../../functions/ship/kinesis-put.js';
import { KINESIS } from '../../functions/ship/limits.js';
import { SHIP_DEFAULTS, type ShipSettings } from '../../functions/ship/ship-options.js';
import { runShip, type ShipSource } from '../../functions/ship/ship-run.js';
import type { JournalSelection } from '../../functions/ship/journal-source.js';
import { formatPreflight, preflight } from '../../functions/ship/preflight.js';
import type { CliIo } from './run.js';

export const SHIP_USAGE = `logsift ship — the journal (or journalctl output on stdin) into a Kinesis data stream

Usage:
  logsift ship --stream NAME [options]       follow journalctl -o export from the saved cursor
  logsift ship --stream NAME [options] -     read journalctl -o export or -o json from stdin

Options:
  --stream NAME            Kinesis data stream (required)
  --region R               AWS region (default: the SDK chain, e.g. AWS_REGION)
  --endpoint URL           Kinesis endpoint, e.g. a local stand-in
                           (default: the SDK's, which honours AWS_ENDPOINT_URL_KINESIS)
  --cursor-file PATH       where the last acknowledged __CURSOR is kept
                           (default: $STATE_DIRECTORY/ship-NAME.cursor, else ./ship-NAME.cursor)
  --journal-file PATH      journalctl reads this journal file (--file); may be repeated
  --journal-directory DIR  journalctl reads the journal in DIR (--directory), e.g. a host's
                           /var/log/journal mounted into a container
  --source-command CMD     shell command that prints journal export entries, run instead of
                           journalctl; gets --after-cursor=CURSOR appended when a cursor is saved
  --once                   exit at the end of the input instead of following the journal
  --gzip, --no-gzip        gzip each record, which the pipeline inflates (default: on)
  --record-bytes N         close a record before it passes N bytes (default ${SHIP_DEFAULTS.recordBytes};
                           at most ${KINESIS.maxRecordBytes - 2048})
  --flush-ms N             no entry waits longer than N ms for its record (default ${SHIP_DEFAULTS.flushMs})
  --max-buffered-bytes N   stop reading while N entry bytes are unacknowledged
                           (default ${SHIP_DEFAULTS.maxBufferedBytes})
  --max-in-flight N        PutRecords calls at once (default ${SHIP_DEFAULTS.maxInFlightCalls})
  --progress-interval S    counters on stderr every S seconds; 0: only at exit (default ${SHIP_DEFAULTS.progressMs / 1000})
  --stop-timeout S         after SIGTERM/SIGINT, try S seconds to send what was read
                           (default ${SHIP_DEFAULTS.stopTimeoutMs / 1000})
  --unreachable-timeout S  exit 1 when Kinesis cannot be reached (DNS, refused connections) and
                           no call has succeeded S seconds after the start; 0: retry forever
                           (default ${SHIP_DEFAULTS.unreachableTimeoutMs / 1000}). Once a call succeeded, outages are retried forever
  --check                  preflight: test credentials, region, stream, journal and cursor,
                           print one line each (ok or FAIL with the fix), ship nothing
  -h, --help               this text

Credentials come from the AWS SDK's default chain. Each record holds several entries of one
host and boot (partition key "_HOSTNAME _BOOT_ID"), newline-framed as journalctl prints them.
Failed entries are retried alone with exponential backoff and jitter, never dropped; network
errors are retried the same way, with the cause on stderr. Missing or rejected credentials,
access denied, an unknown stream and an invalid configuration are not retried: one line names
the cause and the fix, exit 1. The cursor file is replaced atomically, and only once every
entry up to it is acknowledged: after a crash, entries after the saved cursor may arrive twice,
none is lost. SIGTERM or SIGINT: stop reading, send what was read for at most --stop-timeout
seconds, save the cursor of what was acknowledged, exit. A source that cannot start (a cursor
journalctl rejects, no journalctl, failing at once three times in a row) is an error, exit 1.

Counters on stderr: entries read, acked, pending; bytes read and sent; records, calls, retries,
throttled entries, call errors, bad entries, cursor writes, pauses (backpressure), source
restarts; lag_s: age of the oldest entry not yet acknowledged.

Exit status: 0 when everything read was acknowledged (--check: when every check passed); 1
when Kinesis refused (non-retryable), stayed unreachable, the source failed, or a stop left
entries unacknowledged; 2 for usage errors. docs/shipping.md explains every error line.`;

export class ShipUsageError extends Error {}

interface ShipCliOptions {
  help: boolean;
  settings: ShipSettings;
  region?: string;
  endpoint?: string;
  cursorFile: string;
  sourceCommand: string | null;
  once: boolean;
  stdin: boolean;
  check: boolean;
  journal?: JournalSelection;
}

function positiveInt(name: string, value: string | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ShipUsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

export function parseShipOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ShipCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        stream: { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        'cursor-file': { type: 'string' },
        'source-command': { type: 'string' },
        once: { type: 'boolean' },
        gzip: { type: 'boolean' },
        'no-gzip': { type: 'boolean' },
        'record-bytes': { type: 'string' },
        'flush-ms': { type: 'string' },
        'max-buffered-bytes': { type: 'string' },
        'max-in-flight': { type: 'string' },
        'progress-interval': { type: 'string' },
        'stop-timeout': { type: 'string' },
        'unreachable-timeout': { type: 'string' },
        'journal-file': { type: 'string', multiple: true },
        'journal-directory': { type: 'string' },
        check: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new ShipUsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  const stream = v.stream ?? '';
  const help = v.help === true;
  if (!help && stream === '') throw new ShipUsageError('ship needs --stream NAME (see logsift ship --help)');
  const pos = parsed.positionals;
  if (pos.length > 1 || (pos.length === 1 && pos[0] !== '-')) throw new ShipUsageError("ship reads the journal, or stdin given as '-'; no files");
  const stdin = pos.length === 1;
  if (stdin && v['source-command'] !== undefined) throw new ShipUsageError("--source-command and '-' (stdin) exclude each other");
  const journalFiles = v['journal-file'] ?? [];
  const journalDir = v['journal-directory'];
  if ((journalFiles.length > 0 || journalDir !== undefined) && (stdin || v['source-command'] !== undefined)) {
    throw new ShipUsageError("--journal-file and --journal-directory select what journalctl reads; they exclude --source-command and '-'");
  }
  if (journalFiles.length > 0 && journalDir !== undefined) throw new ShipUsageError('--journal-file and --journal-directory exclude each other');
  if (v.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(v.endpoint)) throw new ShipUsageError('--endpoint must be an http(s) URL');
  if (v.gzip === true && v['no-gzip'] === true) throw new ShipUsageError('--gzip and --no-gzip exclude each other');
  const progressS = positiveInt('progress-interval', v['progress-interval'], SHIP_DEFAULTS.progressMs / 1000, 0, 86_400);
  const settings: ShipSettings = {
    ...SHIP_DEFAULTS,
    stream,
    gzip: v['no-gzip'] !== true,
    recordBytes: positiveInt('record-bytes', v['record-bytes'], SHIP_DEFAULTS.recordBytes, 1, KINESIS.maxRecordBytes - 2048),
    flushMs: positiveInt('flush-ms', v['flush-ms'], SHIP_DEFAULTS.flushMs, 1, 3_600_000),
    maxBufferedBytes: positiveInt('max-buffered-bytes', v['max-buffered-bytes'], SHIP_DEFAULTS.maxBufferedBytes, KINESIS.maxRecordBytes),
    maxInFlightCalls: positiveInt('max-in-flight', v['max-in-flight'], SHIP_DEFAULTS.maxInFlightCalls, 1, 64),
    progressMs: progressS * 1000,
    stopTimeoutMs: positiveInt('stop-timeout', v['stop-timeout'], SHIP_DEFAULTS.stopTimeoutMs / 1000, 0, 3600) * 1000,
    unreachableTimeoutMs: positiveInt('unreachable-timeout', v['unreachable-timeout'], SHIP_DEFAULTS.unreachableTimeoutMs / 1000, 0, 86_400) * 1000,
  };
  const safeName = stream.replace(/[^A-Za-z0-9_.-]/g, '_');
  const stateDir = env.STATE_DIRECTORY?.split(':')[0];
  const cursorFile = v['cursor-file'] ?? join(stateDir !== undefined && isAbsolute(stateDir) ? stateDir : '.', `ship-${safeName}.cursor`);
  return {
    help,
    settings,
    region: v.region,
    endpoint: v.endpoint,
    cursorFile,
    sourceCommand: v['source-command'] ?? null,
    once: v.once === true,
    stdin,
    check: v.check === true,
    ...(journalFiles.length > 0 || journalDir !== undefined ? { journal: { files: journalFiles, ...(journalDir !== undefined ? { directory: journalDir } : {}) } } : {}),
  };
}

/** `logsift ship …`: returns the exit status; SIGTERM/SIGINT stop it cleanly. */
export async function runShipCli(argv: string[], io: CliIo, put?: PutRecordsFn): Promise<number> {
  let opts: ShipCliOptions;
  try {
    opts = parseShipOptions(argv);
  } catch (err) {
    if (!(err instanceof ShipUsageError)) throw err;
    io.stderr.write(`logsift: ${err.message}\n`);
    return 2;
  }
  if (opts.help) {
    io.stdout.write(SHIP_USAGE + '\n');
    return 0;
  }
  if (opts.check) {
    const source = opts.stdin ? ({ kind: 'stdin' } as const) : { kind: 'command' as const, command: opts.sourceCommand, ...(opts.journal !== undefined ? { journal: opts.journal } : {}) };
    const results = await preflight({ stream: opts.settings.stream, region: opts.region, endpoint: opts.endpoint, cursorFile: opts.cursorFile, source });
    const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_KINESIS;
    io.stdout.write(formatPreflight(`logsift ship --check: stream ${opts.settings.stream}${endpoint !== undefined ? `, endpoint ${endpoint}` : ''}, cursor file ${opts.cursorFile}`, results) + '\n');
    return results.some((r) => r.status === 'FAIL') ? 1 : 0;
  }
  let close = () => undefined as void;
  if (put === undefined) {
    const kinesis = kinesisPutRecords({ stream: opts.settings.stream, region: opts.region, endpoint: opts.endpoint });
    try {
      await kinesis.region();
    } catch (err) {
      io.stderr.write(`logsift: no AWS region: pass --region or set AWS_REGION (${(err as Error).message})\n`);
      return 2;
    }
    put = kinesis.put;
    close = kinesis.close;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const source: ShipSource = opts.stdin
    ? { kind: 'stdin', stream: io.stdin }
    : { kind: 'command', command: opts.sourceCommand, once: opts.once, ...(opts.journal !== undefined ? { journal: opts.journal } : {}) };
  try {
    const outcome = await runShip({
      settings: opts.settings,
      put,
      cursorFile: opts.cursorFile,
      source,
      log: (line) => io.stderr.write(`logsift ship: ${line}\n`),
      stop: stop.signal,
    });
    return outcome.exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    // Calls still in flight after a bounded stop are abandoned, and their sockets closed.
    close();
  }
}
