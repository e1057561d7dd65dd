import { describe, expect, it } from 'vitest';
import { routeRecord } from '../../functions/route/route-record.js';
import { keptBySample } from '../../functions/route/sample.js';
import { DEFAULT_CONFIG, type RoutesConfig } from '../../functions/shared/config.js';
import { ConfigError, resolveConfig } from '../../functions/shared/load-config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { FACILITY_NAMES } from '../../functions/shared/syslog-codes.js';
import { recordFromMessage } from '../support/records.js';

const routes = DEFAULT_CONFIG.routes;
const base = recordFromMessage('m', { app: 'app', facility_received: 1, severity_received: 6 });
/** A record with this effective facility (as correction left it) and severity info. */
const withFacility = (facility: number, extra: Partial<LogRecord> = {}): LogRecord => ({
  ...base,
  event_id: recordFromMessage('m').event_id,
  facility,
  facility_name: FACILITY_NAMES[facility],
  ...extra,
});

describe('default routes', () => {
  it('send every record to logs, except auth and authpriv, which go to logs_auth instead', () => {
    for (let f = 0; f < 24; f++) {
      const r = withFacility(f);
      const expected = FACILITY_NAMES[f] === 'auth' || FACILITY_NAMES[f] === 'authpriv' ? 'logs_auth' : 'logs';
      expect(routeRecord(r, routes), FACILITY_NAMES[f]).toEqual({ logsTable: expected, quarantine: false });
    }
  });

  it('send records with parse_error to logs and also to quarantine', () => {
    const bad = { ...withFacility(1), parse_error: 'RFC 5424: bad PRI' };
    expect(routeRecord(bad, routes)).toEqual({ logsTable: 'logs', quarantine: true });
    expect(routeRecord({ ...bad, facility: 4, facility_name: 'auth' }, routes)).toEqual({ logsTable: 'logs_auth', quarantine: true });
  });

  it('are what the config loader fills in when the config names no routes', () => {
    expect(resolveConfig({}).routes).toEqual({ auth_facilities: ['auth', 'authpriv'], quarantine_parse_errors: true, drop: [], sample: [] });
  });
});

describe('configured routes', () => {
  const cfg = (r: Partial<RoutesConfig>): RoutesConfig => resolveConfig({ routes: r }).routes;

  it('auth_facilities chooses which facilities go to logs_auth', () => {
    const c = cfg({ auth_facilities: ['authpriv', 'local7'] });
    expect(routeRecord(withFacility(4), c).logsTable).toBe('logs');
    expect(routeRecord(withFacility(10), c).logsTable).toBe('logs_auth');
    expect(routeRecord(withFacility(23), c).logsTable).toBe('logs_auth');
    expect(routeRecord(withFacility(10), cfg({ auth_facilities: [] })).logsTable).toBe('logs');
  });

  it('quarantine_parse_errors false keeps bad records in logs only', () => {
    const bad = { ...withFacility(1), parse_error: 'x' };
    expect(routeRecord(bad, cfg({ quarantine_parse_errors: false }))).toEqual({ logsTable: 'logs', quarantine: false });
  });

  it('drop rules match when every key given lists the value, and never drop the quarantine copy', () => {
    const c = cfg({ drop: [{ app: ['noisy'], severity: ['debug', 'info'] }] });
    const noisyInfo = withFacility(1, { app: 'noisy' });
    expect(routeRecord(noisyInfo, c)).toEqual({ logsTable: null, quarantine: false, leftOut: 'dropped' });
    expect(routeRecord({ ...noisyInfo, severity: 3, severity_name: 'err' }, c).logsTable).toBe('logs');
    expect(routeRecord({ ...noisyInfo, app: 'quiet' }, c).logsTable).toBe('logs');
    expect(routeRecord({ ...noisyInfo, app: null }, c).logsTable).toBe('logs');
    expect(routeRecord({ ...noisyInfo, parse_error: 'x' }, c)).toEqual({ logsTable: null, quarantine: true, leftOut: 'dropped' });
  });

  it('drop rules match on unit, host, cluster, facility and source_format too', () => {
    const r = withFacility(3, { unit: 'u.service', host: 'h1', cluster: 'c1', source_format: 'rfc5424' });
    for (const match of [{ unit: ['u.service'] }, { host: ['h1'] }, { cluster: ['c1'] }, { facility: ['daemon'] }, { source_format: ['rfc5424'] }]) {
      expect(routeRecord(r, cfg({ drop: [match] })).leftOut, JSON.stringify(match)).toBe('dropped');
    }
    for (const match of [{ unit: ['v.service'] }, { host: ['h2'] }, { cluster: ['c2'] }, { facility: ['kern'] }, { source_format: ['journald'] }]) {
      expect(routeRecord(r, cfg({ drop: [match] })).logsTable, JSON.stringify(match)).toBe('logs');
    }
  });

  it('sample rules keep about the given fraction, the same records every time, chosen by event_id', () => {
    const c = cfg({ sample: [{ match: { app: ['chatty'] }, keep: 0.25 }] });
    const records = Array.from({ length: 4000 }, () => withFacility(1, { app: 'chatty' }));
    const kept = (rs: LogRecord[]) => rs.filter((r) => routeRecord(r, c).logsTable !== null).map((r) => r.event_id);
    const first = kept(records);
    expect(first.length / records.length).toBeGreaterThan(0.22);
    expect(first.length / records.length).toBeLessThan(0.28);
    expect(kept(records.map((r) => ({ ...r })))).toEqual(first);
    const out = records.find((r) => !first.includes(r.event_id)) as LogRecord;
    expect(routeRecord(out, c)).toEqual({ logsTable: null, quarantine: false, leftOut: 'sampled_out' });
    // Records the rule does not match are all kept.
    expect(records.every((r) => routeRecord({ ...r, app: 'other' }, c).logsTable === 'logs')).toBe(true);
  });

  it('the first sample rule a record matches decides; keep 1 keeps all', () => {
    const c = cfg({ sample: [{ match: { app: ['a'] }, keep: 1 }, { match: { facility: ['user'] }, keep: 0.000001 }] });
    const records = Array.from({ length: 200 }, () => withFacility(1, { app: 'a' }));
    expect(records.every((r) => routeRecord(r, c).logsTable === 'logs')).toBe(true);
    expect(records.filter((r) => routeRecord({ ...r, app: 'b' }, c).logsTable === 'logs')).toHaveLength(0);
  });

  it('keptBySample reads the first 32 bits of the event_id as the draw', () => {
    expect(keptBySample('00000000' + 'f'.repeat(24), 0.001)).toBe(true);
    expect(keptBySample('ffffffff' + '0'.repeat(24), 0.999)).toBe(false);
    expect(keptBySample('80000000' + '0'.repeat(24), 0.5)).toBe(false);
    expect(keptBySample('7fffffff' + '0'.repeat(24), 0.5)).toBe(true);
  });

  it('invalid routes are rejected at start with the schema path', () => {
    expect(() => resolveConfig({ routes: { auth_facilities: ['wheel'] } })).toThrow(ConfigError);
    expect(() => resolveConfig({ routes: { drop: [{}] } })).toThrow(/routes\/drop\/0/);
    expect(() => resolveConfig({ routes: { sample: [{ match: { app: ['a'] }, keep: 0 }] } })).toThrow(/keep/);
    expect(() => resolveConfig({ routes: { sample: [{ match: { app: ['a'] }, keep: 1.5 }] } })).toThrow(ConfigError);
    expect(() => resolveConfig({ routes: { drop: [{ severity: ['loud'] }] } })).toThrow(ConfigError);
  });
});
