import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { DEFAULT_CONFIG, type LogsiftConfig } from './config.js';
import { configSchema, describeErrors, validateConfig } from './schemas.js';

export class ConfigError extends Error {}

/** Validates a config object against schemas/config.schema.json and fills the defaults. */
export function resolveConfig(input: unknown): LogsiftConfig {
  if (!validateConfig(input)) throw new ConfigError(`invalid config: ${describeErrors(validateConfig.errors)}`);
  const c = input as Partial<LogsiftConfig> & { detectors?: Partial<LogsiftConfig['detectors']> };
  const d = DEFAULT_CONFIG;
  const config: LogsiftConfig = {
    default_timezone: c.default_timezone ?? d.default_timezone,
    hosts: c.hosts ?? d.hosts,
    correction: { ...d.correction, ...c.correction },
    limits: { ...d.limits, ...c.limits },
    routes: { ...d.routes, ...c.routes },
    detectors: {
      allowed_lateness_seconds: c.detectors?.allowed_lateness_seconds ?? d.detectors.allowed_lateness_seconds,
      etcd: { ...d.detectors.etcd, ...c.detectors?.etcd },
      oom: { ...d.detectors.oom, ...c.detectors?.oom },
      cert: { ...d.detectors.cert, ...c.detectors?.cert },
    },
  };
  // Zones are checked once here, so parsers can trust them.
  const zones: Array<[string, string | undefined]> = [
    ['/default_timezone', config.default_timezone],
    ...Object.entries(config.hosts).map(([host, h]): [string, string | undefined] => [`/hosts/${host}/timezone`, h.timezone]),
  ];
  for (const [key, zone] of zones) {
    if (zone === undefined) continue;
    try {
      assertZone(zone);
    } catch (err) {
      throw new ConfigError(`invalid config: ${key} ${(err as Error).message}`);
    }
  }
  return config;
}

export function assertZone(zone: string): void {
  if (!DateTime.now().setZone(zone).isValid) throw new ConfigError(`unknown time zone: ${zone}`);
}

/** The config file could not be read at all (an I/O error, not a mistake in its content). */
export class ConfigUnreadableError extends ConfigError {}

export function loadConfigFile(path: string): LogsiftConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigUnreadableError(`cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config ${path} is not JSON: ${(err as Error).message}`);
  }
  return resolveConfig(parsed);
}

export { configSchema };
