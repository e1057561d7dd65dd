import type { ParsedEvent } from '../parse/types.js';
import type { CorrectionRules } from '../shared/config.js';
import { FACILITY } from '../shared/syslog-codes.js';

/**
 * Where a record came from, as far as facility and severity care. Follows what journald
 * writes (systemd journald-{native,stream,syslog,kmsg,audit}.c); see docs/corrections.md.
 */

const JOURNALD_TRANSPORTS: ReadonlySet<string> = new Set(['journal', 'stdout', 'syslog', 'kernel', 'audit', 'driver']);

/** journald entries (any rendering of them); everything else is a syslog-family line. */
export function isJournalFamily(ev: ParsedEvent): boolean {
  if (ev.source_format === 'journald' || ev.source_format === 'journal_export') return true;
  return ev.source_format === 'filebeat' && typeof ev.transport === 'string' && JOURNALD_TRANSPORTS.has(ev.transport);
}

/** Records the kernel wrote (kmsg, audit) or that name it as their sender: never re-routed, never read for a level. */
export function isKernelRecord(ev: ParsedEvent): boolean {
  return ev.transport === 'kernel' || ev.transport === 'audit' || ev.app === 'kernel';
}

/** A kernel record missing its facility is kern(0) unless a user-space identifier shows a /dev/kmsg write. */
export function isKernelsOwnRecord(ev: ParsedEvent): boolean {
  return ev.app === 'kernel' || (ev.transport === 'kernel' && ev.app === null);
}

export type FacilityBasis = 'unit' | 'app_list' | 'default_user';

export interface InferredFacility {
  facility: number;
  basis: FacilityBasis;
}

const BY_UNIT_DAEMON: InferredFacility = Object.freeze({ facility: FACILITY.daemon, basis: 'unit' });
const BY_UNIT_USER: InferredFacility = Object.freeze({ facility: FACILITY.user, basis: 'unit' });
const BY_APP_LIST: InferredFacility = Object.freeze({ facility: FACILITY.daemon, basis: 'app_list' });
const BY_DEFAULT: InferredFacility = Object.freeze({ facility: FACILITY.user, basis: 'default_user' });

/** The facility a non-kernel record should have: unit metadata, then the daemon app list, then user. */
export function inferFacility(ev: ParsedEvent, rules: CorrectionRules): InferredFacility {
  const owner = unitOwner(ev);
  if (owner === 'daemon') return BY_UNIT_DAEMON;
  if (owner === 'user') return BY_UNIT_USER;
  if (typeof ev.app === 'string' && daemonApps(rules).has(ev.app)) return BY_APP_LIST;
  return BY_DEFAULT;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Whether systemd metadata places the sender in a system service or a user's session/manager. */
export function unitOwner(ev: ParsedEvent): 'daemon' | 'user' | null {
  const f = ev.fields;
  if (str(f._SYSTEMD_USER_UNIT) !== null || str(f._SYSTEMD_USER_SLICE) !== null) return 'user';
  const slice = str(f._SYSTEMD_SLICE);
  const cgroup = str(f._SYSTEMD_CGROUP);
  if (slice !== null && (slice === 'system.slice' || slice.startsWith('system-'))) return 'daemon';
  if (cgroup !== null && cgroup.startsWith('/system.slice/')) return 'daemon';
  if (slice !== null && (slice === 'user.slice' || slice.startsWith('user-'))) return 'user';
  if (cgroup !== null && cgroup.startsWith('/user.slice/')) return 'user';
  const unit = str(ev.unit) ?? str(f._SYSTEMD_UNIT);
  if (unit === 'init.scope' || cgroup === '/init.scope') return 'daemon'; // PID 1 itself
  if (unit === null) return null;
  if (unit.endsWith('.service') && !unit.startsWith('user@')) return 'daemon';
  if (unit.startsWith('session-') && unit.endsWith('.scope')) return 'user';
  return null;
}

// Built once per rules object (the config is loaded once), so lookups are O(1) per record.
const daemonAppSets = new WeakMap<CorrectionRules, ReadonlySet<string>>();

function daemonApps(rules: CorrectionRules): ReadonlySet<string> {
  let set = daemonAppSets.get(rules);
  if (set === undefined) {
    set = new Set(Array.isArray(rules.daemon_apps) ? rules.daemon_apps : []);
    daemonAppSets.set(rules, set);
  }
  return set;
}
