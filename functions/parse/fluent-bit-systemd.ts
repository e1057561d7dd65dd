/**
 * Fluent Bit's `systemd` input, as its Kinesis outputs write it (JSON per record). The record
 * holds the entry's data fields (sd_journal_enumerate_data), so not the address fields
 * __CURSOR, __REALTIME_TIMESTAMP, __MONOTONIC_TIMESTAMP; the entry's time is Fluent Bit's
 * record time, which reaches the JSON only as the output's `time_key` (format `time_key_format`,
 * UTC, default `%Y-%m-%dT%H:%M:%S`; `%9N`/`%L` add nanoseconds). `Strip_Underscores` drops the
 * leading underscore of trusted fields, `Lowercase` lowercases keys; both are undone here.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { rfc3339Time } from './filebeat.js';
import { journalEntryToEvent, type JournalFieldMap } from './journal-entry.js';
import type { ParseContext, ParsedEvent } from './types.js';

/** Trusted and kernel fields journald writes with one leading underscore (systemd.journal-fields(7)). */
const TRUSTED = new Set([
  'PID', 'UID', 'GID', 'COMM', 'EXE', 'CMDLINE', 'CAP_EFFECTIVE', 'AUDIT_SESSION', 'AUDIT_LOGINUID',
  'SYSTEMD_CGROUP', 'SYSTEMD_SLICE', 'SYSTEMD_UNIT', 'SYSTEMD_USER_UNIT', 'SYSTEMD_USER_SLICE', 'SYSTEMD_SESSION',
  'SYSTEMD_OWNER_UID', 'SYSTEMD_INVOCATION_ID', 'SELINUX_CONTEXT', 'SOURCE_REALTIME_TIMESTAMP', 'SOURCE_BOOTTIME_TIMESTAMP',
  'SOURCE_MONOTONIC_TIMESTAMP', 'BOOT_ID', 'MACHINE_ID', 'HOSTNAME', 'TRANSPORT', 'STREAM_ID', 'LINE_BREAK', 'NAMESPACE',
  'RUNTIME_SCOPE', 'KERNEL_DEVICE', 'KERNEL_SUBSYSTEM', 'UDEV_SYSNAME', 'UDEV_DEVNODE', 'UDEV_DEVLINK', 'FSUID', 'PIDFD_ID',
]);

/** Names people give `time_key`; only read when the value has time_key_format's shape. */
const TIME_KEYS = new Set(['time', '@timestamp', 'timestamp', 'date', 'ts']);

export function parseFluentBitSystemdObject(o: Record<string, unknown>, ctx: ParseContext, limits: Pick<LimitsConfig, 'max_field_bytes'> = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  const entry: JournalFieldMap = Object.create(null);
  let time: string | null = null;
  for (const k in o) {
    const v = o[k];
    if (time === null && TIME_KEYS.has(k) && typeof v === 'string') {
      time = fluentBitTime(v);
      if (time !== null) continue;
    }
    entry[journalName(k)] = v;
  }
  return journalEntryToEvent(entry, 'journald', limits.max_field_bytes, time);
}

function journalName(key: string): string {
  const upper = key.toUpperCase();
  return upper[0] !== '_' && TRUSTED.has(upper) ? '_' + upper : upper;
}

/** time_key_format output: RFC 3339 with or without fraction; without zone it is UTC (gmtime). */
function fluentBitTime(v: string): string | null {
  return rfc3339Time(v) ?? rfc3339Time(v + 'Z');
}
