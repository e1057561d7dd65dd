import type { RoutesConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { matches } from './match.js';
import { keptBySample } from './sample.js';

/** Why a record is in no logs table, for the counts. */
export type LeftOut = 'dropped' | 'sampled_out';

export interface RecordRoute {
  /** `logs` or `logs_auth`, or null when a drop or sample rule left the record out. */
  logsTable: 'logs' | 'logs_auth' | null;
  /** Also a quarantine row (raw bytes and source identity). */
  quarantine: boolean;
  leftOut?: LeftOut;
}

/**
 * Where one record goes. Quarantine does not depend on drop or sample rules: bad input is never
 * thrown away by a filter meant for noise. Findings always go to `findings` (no rule needed).
 */
export function routeRecord(record: LogRecord, routes: RoutesConfig): RecordRoute {
  const quarantine = routes.quarantine_parse_errors && record.parse_error !== null;
  for (const rule of routes.drop) {
    if (matches(rule, record)) return { logsTable: null, quarantine, leftOut: 'dropped' };
  }
  for (const rule of routes.sample) {
    if (!matches(rule.match, record)) continue;
    if (!keptBySample(record.event_id, rule.keep)) return { logsTable: null, quarantine, leftOut: 'sampled_out' };
    break;
  }
  const auth = routes.auth_facilities.includes(record.facility_name);
  return auth ? (quarantine ? AUTH_QUARANTINED : AUTH) : quarantine ? LOGS_QUARANTINED : LOGS;
}

// The routes of kept records, shared (frozen) rather than one object per record of a batch.
const LOGS: RecordRoute = Object.freeze({ logsTable: 'logs', quarantine: false });
const LOGS_QUARANTINED: RecordRoute = Object.freeze({ logsTable: 'logs', quarantine: true });
const AUTH: RecordRoute = Object.freeze({ logsTable: 'logs_auth', quarantine: false });
const AUTH_QUARANTINED: RecordRoute = Object.freeze({ logsTable: 'logs_auth', quarantine: true });

