/** Syslog facility and severity codes (RFC 5424 §6.2.1) and their names. */

export const FACILITY_NAMES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news',
  'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console', 'solaris-cron',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

export const SEVERITY_NAMES: readonly string[] = [
  'emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug',
];

export const FACILITY = {
  kern: 0,
  user: 1,
  daemon: 3,
} as const;

export const SEVERITY = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
} as const;

/**
 * Level words as syslog(3), journald clients and common loggers spell them, mapped to
 * syslog severities. Lower-case keys; callers lower-case their input.
 */
export const LEVEL_WORDS: Readonly<Record<string, number>> = {
  emerg: 0, emergency: 0, panic: 0, fatal: 2,
  alert: 1,
  crit: 2, critical: 2, dpanic: 2,
  err: 3, error: 3, eror: 3,
  warn: 4, warning: 4,
  notice: 5,
  info: 6, informational: 6, information: 6,
  debug: 7, trace: 7, dbug: 7,
};

export function isFacility(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 23;
}

export function isSeverity(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 7;
}
