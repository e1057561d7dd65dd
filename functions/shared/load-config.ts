import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RuleSpec } from '../detect/rules/spec.js';
import { DateTime } from 'luxon';
import { DEFAULT_CONFIG, type LogsiftConfig } from './config.js';
import { rx } from './safe-regex.js';
import { configSchema, describeErrors, validateConfig, validateRulesFile } from './schemas.js';

export class ConfigError extends Error {}

/** Validates a config object against schemas/config.schema.json and fills the defaults. */
export function resolveConfig(input: unknown): LogsiftConfig {
  if (!validateConfig(input)) throw new ConfigError(`invalid config: ${namingRules(describeErrors(validateConfig.errors), input)}`);
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
      rules: c.detectors?.rules ?? d.detectors.rules,
      disable_rules: c.detectors?.disable_rules ?? d.detectors.disable_rules,
      rules_files: c.detectors?.rules_files ?? d.detectors.rules_files,
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
  const config = resolveConfig(parsed);
  const fileRules = config.detectors.rules_files.flatMap((f) => readRulesFile(resolve(dirname(path), f)));
  if (fileRules.length > 0) config.detectors = { ...config.detectors, rules: [...config.detectors.rules, ...fileRules] };
  return config;
}

/** The rules of one rules file (schemas/rules-file.schema.json), checked against the schema. */
export function readRulesFile(path: string): RuleSpec[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`rules file ${path}: ${e.code !== undefined ? `cannot read (${e.code})` : `not JSON: ${e.message}`}`);
  }
  if (!validateRulesFile(parsed)) throw new ConfigError(`rules file ${path}: ${namingRules(describeErrors(validateRulesFile.errors), parsed)}`);
  return (parsed as { rules: RuleSpec[] }).rules;
}

const RULE_PATH = rx(/(\/(?:detectors\/)?rules\/(\d{1,4}))(?=\/| )/g);

/** `/detectors/rules/3/match must be string` → `/detectors/rules/3 (rule "x")/match …`: errors name the rule. */
function namingRules(text: string, input: unknown): string {
  return text.replace(RULE_PATH, (whole, at: string, index: string) => {
    const root = input as { rules?: unknown[]; detectors?: { rules?: unknown[] } } | null;
    const list = at.startsWith('/detectors') ? root?.detectors?.rules : root?.rules;
    const name = (list?.[Number(index)] as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? `${whole} (rule ${JSON.stringify(name)})` : whole;
  });
}

export { configSchema };
