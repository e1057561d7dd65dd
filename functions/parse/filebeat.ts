/**
 * Filebeat journald input events (ECS). The event is mapped back to journal field names — the
 * reverse of Filebeat's conversion table (filebeat/input/journald/pkg/journalfield, including
 * the names older releases used) — and then goes through the same entry mapping as journalctl
 * JSON and export entries.
 *
 * What Filebeat loses, so records from it can differ from the journal's own renderings:
 *   - __CURSOR, __MONOTONIC_TIMESTAMP, _SOURCE_REALTIME_TIMESTAMP, _SOURCE_MONOTONIC_TIMESTAMP
 *     are dropped: no event identity, and `time` is __REALTIME_TIMESTAMP (its @timestamp)
 *     instead of _SOURCE_REALTIME_TIMESTAMP. __REALTIME_TIMESTAMP, __SEQNUM and __SEQNUM_ID
 *     survive only as journald.custom.* (used when present).
 *   - Integer-typed fields go through strconv.ParseInt: "123456,root" becomes 123456.
 *   - A byte-array MESSAGE becomes a Go string (invalid UTF-8 turned into U+FFFD by the JSON
 *     encoder); a repeated MESSAGE becomes Go's "[a b]" text.
 *   - Unknown fields land in journald.custom.* lower-cased without leading underscores; names
 *     are upper-cased back and the underscores of known trusted/address fields restored.
 * process.*, user.*, event.kind/created are derived by Filebeat from journald.* and skipped;
 * shipper metadata (agent, ecs, input, @metadata, ...) is skipped; any other key is kept in
 * `fields` under its dotted ECS path.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { formatMicros } from '../shared/time.js';
import { journalEntryToEvent, type JournalFieldMap } from './journal-entry.js';
import { parseJsonObjectEvent } from './json-object.js';
import type { ParseContext, ParsedEvent } from './types.js';

type FieldLimit = Pick<LimitsConfig, 'max_field_bytes'>;

/** Journal field -> the ECS paths Filebeat releases have written it to (first found wins). */
const JOURNAL_TO_ECS: ReadonlyArray<readonly [string, ...string[]]> = [
  ['MESSAGE', 'message'],
  ['MESSAGE_ID', 'message_id'],
  ['PRIORITY', 'log.syslog.priority', 'syslog.priority'],
  ['SYSLOG_FACILITY', 'log.syslog.facility.code', 'syslog.facility'],
  ['SYSLOG_IDENTIFIER', 'log.syslog.appname', 'log.syslog.identifier', 'syslog.identifier'],
  ['SYSLOG_PID', 'log.syslog.procid', 'log.syslog.pid', 'syslog.pid'],
  // With save_remote_hostname, log.source.address keeps _HOSTNAME when add_host_metadata overwrote host.hostname.
  ['_HOSTNAME', 'log.source.address', 'host.hostname'],
  ['_MACHINE_ID', 'host.id'],
  ['_BOOT_ID', 'journald.host.boot_id'],
  ['_TRANSPORT', 'systemd.transport'],
  ['_SYSTEMD_UNIT', 'systemd.unit'],
  ['_SYSTEMD_USER_UNIT', 'systemd.user_unit'],
  ['_SYSTEMD_SLICE', 'systemd.slice'],
  ['_SYSTEMD_USER_SLICE', 'systemd.user_slice'],
  ['_SYSTEMD_CGROUP', 'systemd.cgroup'],
  ['_SYSTEMD_SESSION', 'systemd.session'],
  ['_SYSTEMD_OWNER_UID', 'systemd.owner_uid'],
  ['_SYSTEMD_INVOCATION_ID', 'systemd.invocation_id'],
  ['_PID', 'journald.pid'],
  ['_UID', 'journald.uid'],
  ['_GID', 'journald.gid'],
  ['_COMM', 'journald.process.name'],
  ['_EXE', 'journald.process.executable'],
  ['_CMDLINE', 'journald.process.command_line'],
  ['_CAP_EFFECTIVE', 'journald.process.capabilities'],
  ['_AUDIT_LOGINUID', 'journald.audit.login_uid'],
  ['_AUDIT_SESSION', 'journald.audit.session'],
  ['CODE_FILE', 'journald.code.file'],
  ['CODE_FUNC', 'journald.code.func'],
  ['CODE_LINE', 'journald.code.line'],
  ['COREDUMP_UNIT', 'journald.coredump.unit'],
  ['COREDUMP_USER_UNIT', 'journald.coredump.user_unit'],
  ['OBJECT_AUDIT_LOGINUID', 'journald.object.audit.login_uid'],
  ['OBJECT_AUDIT_SESSION', 'journald.object.audit.session'],
  ['OBJECT_CMDLINE', 'journald.object.process.command_line'],
  ['OBJECT_COMM', 'journald.object.process.name'],
  ['OBJECT_EXE', 'journald.object.process.executable'],
  ['OBJECT_GID', 'journald.object.gid'],
  ['OBJECT_PID', 'journald.object.pid'],
  ['OBJECT_SYSTEMD_OWNER_UID', 'journald.object.systemd.owner_uid'],
  ['OBJECT_SYSTEMD_SESSION', 'journald.object.systemd.session'],
  ['OBJECT_SYSTEMD_UNIT', 'journald.object.systemd.unit'],
  ['OBJECT_SYSTEMD_USER_UNIT', 'journald.object.systemd.user_unit'],
  ['OBJECT_UID', 'journald.object.uid'],
  ['_KERNEL_DEVICE', 'journald.kernel.device'],
  ['_KERNEL_SUBSYSTEM', 'journald.kernel.subsystem'],
  ['_UDEV_DEVLINK', 'journald.kernel.device_symlinks'],
  ['_UDEV_DEVNODE', 'journald.kernel.device_node_path'],
  ['_UDEV_SYSNAME', 'journald.kernel.device_name'],
  ['UNIT', 'journald.unit'],
  ['CONTAINER_ID', 'container.id_truncated'],
  ['CONTAINER_ID_FULL', 'container.id'],
  ['CONTAINER_NAME', 'container.name'],
  ['CONTAINER_TAG', 'container.log.tag'],
  ['CONTAINER_PARTIAL_MESSAGE', 'container.partial'],
  ['IMAGE_NAME', 'container.image.name'],
];

/** ECS path -> [journal field, preference among the paths of that field (0 = first)]. */
const ECS_TO_JOURNAL = new Map<string, readonly [string, number]>(
  JOURNAL_TO_ECS.flatMap(([journalKey, ...paths]) => paths.map((p, rank) => [p, [journalKey, rank] as const])),
);

/**
 * Fields whose leading underscores Filebeat strips when it files them under journald.custom
 * (trusted fields it has no table entry for, and address fields). systemd.journal-fields(7).
 */
const UNDERSCORED = new Map(
  [
    '_SELINUX_CONTEXT', '_STREAM_ID', '_LINE_BREAK', '_NAMESPACE', '_RUNTIME_SCOPE',
    '_SOURCE_BOOTTIME_TIMESTAMP', '_AUDIT_TYPE', '_AUDIT_TYPE_NAME', '_AUDIT_ID',
    '__SEQNUM', '__SEQNUM_ID', '__REALTIME_TIMESTAMP',
  ].map((name) => [name.slice(name[1] === '_' ? 2 : 1), name]),
);

/** Top-level objects Filebeat derives from journald.* (process, user) or adds about itself. */
const DERIVED_ROOTS = new Set(['process', 'user', '@metadata', 'agent', 'ecs', 'input', 'elastic_agent', 'data_stream']);
const DERIVED_KEYS = new Set(['event.kind', 'event.created', 'event.ingested', 'event.dataset', 'event.module', 'event.agent_id_status']);

const CUSTOM = 'journald.custom.';

const YEAR_0_MS = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const YEAR_10000_MS = 253_402_300_800_000; // 10000-01-01T00:00:00Z

export function parseFilebeat(data: Buffer, ctx: ParseContext, limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  return parseJsonObjectEvent(data, 'filebeat', 'filebeat JSON', (obj) => parseFilebeatObject(obj, ctx, limits));
}

/** An already parsed event: Filebeat's output document, or its golden-file `{Timestamp, Fields}` shape. */
export function parseFilebeatObject(
  obj: Record<string, unknown>,
  ctx: ParseContext,
  limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits,
): ParsedEvent {
  const golden = isObject(obj.Fields) && 'Timestamp' in obj;
  const flat = new Map<string, unknown>();
  flatten(golden ? (obj.Fields as Record<string, unknown>) : obj, '', flat, 0);
  const stamp = golden ? obj.Timestamp : flat.get('@timestamp');
  flat.delete('@timestamp');

  const entry: JournalFieldMap = Object.create(null);
  const ranks = new Map<string, number>(); // which ECS path each journal field was taken from
  for (const [path, value] of flat) {
    const mapped = ECS_TO_JOURNAL.get(path);
    if (mapped !== undefined) {
      const [key, rank] = mapped;
      if ((ranks.get(key) ?? Infinity) < rank) continue;
      ranks.set(key, rank);
      entry[key] = journalValue(value);
    } else if (path.startsWith(CUSTOM)) {
      const name = path.slice(CUSTOM.length).toUpperCase();
      entry[UNDERSCORED.get(name) ?? name] = journalValue(value);
    } else if (!DERIVED_KEYS.has(path) && !DERIVED_ROOTS.has(rootOf(path))) {
      entry[path] = journalValue(value);
    }
  }
  const fallbackTime = typeof stamp === 'string' ? rfc3339Time(stamp) : null;
  return journalEntryToEvent(entry, 'filebeat', limits.max_field_bytes, fallbackTime);
}

function rootOf(path: string): string {
  const dot = path.indexOf('.');
  return dot === -1 ? path : path.slice(0, dot);
}

/** Filebeat writes integer-typed journal fields as JSON numbers; the journal had their decimal text. */
function journalValue(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Nested objects and dotted keys both become dotted paths. Depth-bounded: events are shallow. */
function flatten(o: Record<string, unknown>, prefix: string, out: Map<string, unknown>, depth: number): void {
  for (const k in o) {
    const v = o[k];
    const path = prefix + k;
    if (isObject(v) && depth < 16) flatten(v, path + '.', out, depth + 1);
    else out.set(path, v);
  }
}

/**
 * RFC 3339 (`2021-11-22T12:10:04.051729-05:00`, `...Z`) to a record time, keeping up to µs.
 * Filebeat's own timestamps are always this shape; anything else gives null.
 */
export function rfc3339Time(s: string): string | null {
  if (s.length < 20 || s.length > 40) return null;
  const num = (from: number, len: number): number => {
    let n = 0;
    for (let i = from; i < from + len; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      n = n * 10 + c;
    }
    return n;
  };
  const year = num(0, 4), month = num(5, 2), day = num(8, 2);
  const hour = num(11, 2), minute = num(14, 2), second = num(17, 2);
  if (s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== 't' && s[10] !== ' ') || s[13] !== ':' || s[16] !== ':') return null;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  let i = 19;
  let micros = 0;
  if (s[i] === '.') {
    let digits = 0;
    i++;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      if (digits < 6) micros = micros * 10 + (s.charCodeAt(i) - 48);
      digits++;
      i++;
    }
    if (digits === 0) return null;
    for (let d = digits; d < 6; d++) micros *= 10;
  }
  let offsetMin = 0;
  const z = s[i];
  if ((z === 'Z' || z === 'z') && i + 1 === s.length) {
    offsetMin = 0;
  } else if ((z === '+' || z === '-') && i + 6 === s.length && s[i + 3] === ':') {
    const oh = num(i + 1, 2), om = num(i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
    offsetMin = (z === '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return null;
  }
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year); // Date.UTC would read years 0..99 as 1900..1999
  const ms = date.getTime() - offsetMin * 60_000;
  if (ms < YEAR_0_MS || ms >= YEAR_10000_MS) return null; // an offset pushed it out of 4-digit years
  return formatMicros(BigInt(ms) * 1000n + BigInt(micros));
}
