import type { ParseContext } from '../parse/types.js';
import type { LogsiftConfig } from '../shared/config.js';

/** The zone for a host: its own from config, else the default (`--tz` or config), else UTC. */
export function parseContextFor(config: LogsiftConfig, receivedTime: Date, defaultZone?: string): ParseContext {
  const fallback = defaultZone ?? config.default_timezone;
  const hosts = config.hosts;
  return {
    receivedTime,
    limits: config.limits,
    timeZoneFor: (host) => (host !== null ? hosts[host]?.timezone : undefined) ?? fallback,
  };
}
