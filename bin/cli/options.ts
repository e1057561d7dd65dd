import { parseArgs } from 'node:util';
import { FORMAT_OPTIONS } from '../../functions/parse/detect-format.js';
import type { FormatOption } from '../../functions/parse/types.js';
import { DEFAULT_CONFIG, type LogsiftConfig } from '../../functions/shared/config.js';
import { assertZone, ConfigError, ConfigUnreadableError, loadConfigFile } from '../../functions/shared/load-config.js';
import { parseRfc3339 } from '../../functions/shared/rfc3339.js';
import { InputError } from './io.js';

export class UsageError extends Error {}

export type Framing = 'lines' | 'octet-counted';

export interface CliOptions {
  command: 'parse' | 'detect' | 'help' | 'version';
  format: FormatOption;
  framing: Framing;
  host?: string;
  cluster?: string;
  tz?: string;
  receivedTime: Date;
  config: LogsiftConfig;
  inputs: string[];
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
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const base = { format: 'auto' as FormatOption, framing: 'lines' as Framing, receivedTime: now(), config: DEFAULT_CONFIG, inputs: [] };
  if (values.help) return { ...base, command: 'help' };
  if (values.version) return { ...base, command: 'version' };
  const [command, ...inputs] = positionals;
  if (command === undefined) throw new UsageError('missing command: parse or detect (see --help)');
  if (command !== 'parse' && command !== 'detect') throw new UsageError(`unknown command: ${command} (see --help)`);

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
    command,
    format,
    framing,
    host: values.host,
    cluster: values.cluster,
    tz: values.tz,
    receivedTime,
    config,
    inputs: inputs.length > 0 ? inputs : ['-'],
  };
}
