import type { RecordMatch } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';

/** The record's value for each key a route rule may match on (facility and severity by name). */
const VALUE_OF: Record<keyof RecordMatch, (r: LogRecord) => string | null> = {
  app: (r) => r.app,
  unit: (r) => r.unit,
  host: (r) => r.host,
  cluster: (r) => r.cluster,
  facility: (r) => r.facility_name,
  severity: (r) => r.severity_name,
  source_format: (r) => r.source_format,
};

/** True when every key the rule gives lists the record's value; a null value matches nothing. */
export function matches(rule: RecordMatch, record: LogRecord): boolean {
  for (const key of Object.keys(rule) as (keyof RecordMatch)[]) {
    const allowed = rule[key];
    if (allowed === undefined) continue;
    const value = VALUE_OF[key](record);
    if (value === null || !allowed.includes(value)) return false;
  }
  return true;
}
