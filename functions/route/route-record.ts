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
  const logsTable = routes.auth_facilities.includes(record.facility_name) ? 'logs_auth' : 'logs';
  return { logsTable, quarantine };
}

