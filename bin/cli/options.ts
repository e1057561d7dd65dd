import { parseArgs } from 'node:util';
import { FORMAT_OPTIONS } from '../../functions/parse/detect-format.js';
import type { FormatOption } from '../../functions/parse/types.js';
import { DEFAULT_CONFIG, type LogsiftConfig } from '../../functions/shared/config.js';
import { assertZone, ConfigError, ConfigUnreadableError, loadConfigFile } from '../../functions/shared/load-config.js';
import { parseRfc3339 } from '../../functions/shared/rfc3339.js';
import { InputError } from './io.js';

export class UsageError extends Error {}

export type Framing = 'lines' | 'octet-counted';

export type Command = 'parse' | 'detect' | 'run' | 'query' | 'findings' | 'report' | 'compact';
const COMMANDS: readonly Command[] = ['parse', 'detect', 'run', 'query', 'findings', 'report', 'compact'];

/** Where `run` writes and `query`/`findings` read, unless --store says otherwise. */
export const DEFAULT_STORE = './logsift-data';

export interface CliOptions {
  command: Command | 'help' | 'version';
  format: FormatOption;
  framing: Framing;
  host?: string;
  cluster?: string;
  tz?: string;
  receivedTime: Date;
  config: LogsiftConfig;
  inputs: string[];
  store: string;
  /** Output as NDJSON / CSV instead of a table (query, findings). */
  json: boolean;
  csv: boolean;
  /** query: the SQL. */
  sql?: string;
  /** findings: only this type, only findings whose last evidence is at most this many seconds old. */
  type?: string;
  sinceSeconds?: number;
  /** run: seconds to wait while another run writes the store (--wait). */
  waitSeconds?: number;
  /** report: the HTML file to write (default: report.html in the store). */
  out?: string;
}

/** Reads argv into options; every mistake is a UsageError with a one-line message. */
export function parseOptions(argv: string[], now: () => Date = () => new Date()): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        format: { type: 'string' },
        framing: { type: 'string' },
        host: { type: 'string' },
        cluster: { type: 'string' },
        tz: { type: 'string' },
        'received-time': { type: 'string' },
        config: { type: 'string' },
        store: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        type: { type: 'string' },
        since: { type: 'string' },
        wait: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const output = { store: values.store ?? DEFAULT_STORE, json: values.json === true, csv: values.csv === true };
  const base = { format: 'auto' as FormatOption, framing: 'lines' as Framing, receivedTime: now(), config: DEFAULT_CONFIG, inputs: [], ...output };
  if (values.help) return { ...base, command: 'help' };
  if (values.version) return { ...base, command: 'version' };
  const [command, ...inputs] = positionals;
  if (command === undefined) throw new UsageError(`missing command: ${COMMANDS.join(', ')} (see --help)`);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command: ${command} (see --help)`);
  if (output.json && output.csv) throw new UsageError('--json and --csv exclude each other');
  if (command === 'query') return { ...base, command, sql: querySql(inputs) };
  if (command === 'findings') return { ...base, command, ...findingsFilter(inputs, values.type, values.since) };
  if (command === 'report') return { ...base, command, ...findingsFilter(inputs, values.type, values.since, 'report'), out: values.out };
  if (command === 'compact') {
    if (inputs.length > 0) throw new UsageError(`compact takes no arguments (got ${inputs[0]}); see --help`);
    return { ...base, command, waitSeconds: values.wait === undefined ? undefined : waitSeconds(values.wait) };
  }

  const format = (values.format ?? 'auto') as FormatOption;
  if (!FORMAT_OPTIONS.includes(format)) throw new UsageError(`--format must be one of ${FORMAT_OPTIONS.join(', ')}`);
  const framing = (values.framing ?? 'lines') as Framing;
  if (framing !== 'lines' && framing !== 'octet-counted') throw new UsageError('--framing must be lines or octet-counted');

  let receivedTime = now();
  if (values['received-time'] !== undefined) {
    const parsed = parseRfc3339(values['received-time']);
    if (typeof parsed === 'string') throw new UsageError(`--received-time is not an RFC 3339 time (${parsed}): ${values['received-time']}`);
    receivedTime = parsed;
  }
  let config = DEFAULT_CONFIG;
  try {
    if (values.tz !== undefined) assertZone(values.tz);
    if (values.config !== undefined) config = loadConfigFile(values.config);
  } catch (err) {
    // A config file that cannot be read is an I/O error (exit 1) like an input file; bad content is a usage error.
    if (err instanceof ConfigUnreadableError) throw new InputError(err.message);
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  return {
    ...output,
    command: command as Command,
    format,
    framing,
    host: values.host,
    cluster: values.cluster,
    tz: values.tz,
    receivedTime,
    config,
    inputs: inputs.length > 0 ? inputs : ['-'],
    waitSeconds: values.wait === undefined ? undefined : waitSeconds(values.wait),
  };
}

/** --wait: whole seconds, 0 to a day. */
function waitSeconds(text: string): number {
  const n = Number(text);
  // String(n) === text: plain decimal only (no '1e3', ' 5', '0x10', '2.5', '-1').
  if (!Number.isInteger(n) || n < 0 || n > 86_400 || String(n) !== text) throw new UsageError(`--wait takes whole seconds from 0 to 86400 (got ${text})`);
  return n;
}

function querySql(positionals: string[]): string {
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError('query takes one SQL statement in quotes: logsift query "select ..."');
  return positionals[0];
}

function findingsFilter(positionals: string[], type: string | undefined, since: string | undefined, command = 'findings'): { type?: string; sinceSeconds?: number } {
  if (positionals.length > 0) throw new UsageError(`${command} takes no arguments (got ${positionals[0]}); see --help`);
  return { type, sinceSeconds: since === undefined ? undefined : parseDuration(since) };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `15m`, `2h`, `7d` (also s, w): a positive whole number and one unit, in seconds. */
export function parseDuration(text: string): number {
  const unit = UNIT_SECONDS[text.slice(-1)];
  const digits = text.slice(0, -1);
  const n = Number(digits);
  // String(n) === digits: plain decimal only (no '1e3', ' 5', '0x10', '2.5').
  if (unit === undefined || digits.length > 9 || !Number.isInteger(n) || n <= 0 || String(n) !== digits) {
    throw new UsageError(`--since takes a duration such as 15m, 2h or 7d (got ${text})`);
  }
  return n * unit;
}
