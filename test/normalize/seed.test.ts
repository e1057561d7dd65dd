import { describe, expect, it } from 'vitest';
import { decidePriority } from '../../functions/normalize/correct.js';
import { parseJournaldJson } from '../../functions/parse/journald-json.js';
import { parseRfc3164 } from '../../functions/parse/rfc3164.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { ctx, event, toRecord } from './events.js';

const ETCD_MESSAGE =
  'start time = 2022-11-24 15:46:50.545251478 +0800 CST m=+51575280.245951347, time spent = 821.324µs, ' +
  'remote = 10.4.241.133:54952, response type = /etcdserverpb.KV/Txn';

const SEED_JSON =
  '{"__CURSOR":"s=78fdc2bf435b4aa6b7df9f50ff1e9c9f;i=662c5390;b=f3260b93a64641889bbf8fed67f4365a;m=2f4d3ea8e9fc;t=5ee329ba40462;x=82eb53b68142dca7",' +
  '"__REALTIME_TIMESTAMP":"1669276010546274","_BOOT_ID":"f3260b93a64641889bbf8fed67f4365a","PRIORITY":"7","SYSLOG_IDENTIFIER":"etcd",' +
  '"_TRANSPORT":"journal","_PID":"840","_COMM":"etcd","_EXE":"/usr/local/bin/etcd","_SYSTEMD_CGROUP":"/system.slice/etcd.service",' +
  '"_SYSTEMD_UNIT":"etcd.service","_SYSTEMD_SLICE":"system.slice","_HOSTNAME":"SVR15178IN5112","PACKAGE":"etcdserver/api/v3rpc",' +
  `"MESSAGE":"${ETCD_MESSAGE}","_SOURCE_REALTIME_TIMESTAMP":"1669276010546119"}`;

describe('seed case: etcd debug line sent over the native journal protocol without SYSLOG_FACILITY', () => {
  it('built by hand as the journald parser would: daemon.debug with a reason', () => {
    const ev = event('journald', ETCD_MESSAGE, {
      time: '2022-11-24T07:46:50.546119Z',
      host: 'SVR15178IN5112',
      transport: 'journal',
      app: 'etcd',
      procid: '840',
      unit: 'etcd.service',
      facility_received: null,
      severity_received: 7,
      fields: {
        _SYSTEMD_SLICE: 'system.slice',
        _SYSTEMD_CGROUP: '/system.slice/etcd.service',
        _COMM: 'etcd',
        _EXE: '/usr/local/bin/etcd',
        _PID: '840',
        PACKAGE: 'etcdserver/api/v3rpc',
      },
    });
    const record = toRecord(ev);
    expect(record.facility).toBe(3);
    expect(record.facility_name).toBe('daemon');
    expect(record.severity).toBe(7);
    expect(record.severity_name).toBe('debug');
    expect(record.corrections).toEqual(['facility_inferred_unit']);
    expect(record.facility_received).toBeNull();
    expect(record.severity_received).toBe(7);
  });

  it('parsed from the raw journalctl JSON through parseJournaldJson and buildRecord', () => {
    const ev = parseJournaldJson(Buffer.from(SEED_JSON), ctx);
    expect(ev.parse_error).toBeNull();
    const record = toRecord(ev);
    expect(record.host).toBe('SVR15178IN5112');
    expect(record.facility).toBe(3);
    expect(record.severity).toBe(7);
    expect(record.facility_received).toBeNull();
    expect(record.severity_received).toBe(7);
    expect(record.corrections).toEqual(['facility_inferred_unit']);
  });

  it('the same line forwarded as RFC 3164 with facility 0 (kern) is re-routed to daemon by the app list', () => {
    const line = `<7>Nov 24 15:46:50 SVR15178IN5112 etcd[840]: ${ETCD_MESSAGE}`;
    const ev = parseRfc3164(Buffer.from(line), ctx);
    expect(ev.facility_received).toBe(0);
    expect(ev.app).toBe('etcd');
    const record = toRecord(ev);
    expect(record.facility).toBe(3);
    expect(record.severity).toBe(7);
    expect(record.facility_received).toBe(0);
    expect(record.severity_received).toBe(7);
    expect(record.corrections).toEqual(['facility_kern_rerouted_app_list']);
  });

  it('without etcd in daemon_apps the forwarded line falls back to user, with its own code', () => {
    const line = `<7>Nov 24 15:46:50 SVR15178IN5112 etcd[840]: ${ETCD_MESSAGE}`;
    const ev = parseRfc3164(Buffer.from(line), ctx);
    const decision = decidePriority(ev, { daemon_apps: DEFAULT_CONFIG.correction.daemon_apps.filter((a) => a !== 'etcd') });
    expect(decision).toEqual({ facility: 1, severity: 7, corrections: ['facility_kern_rerouted_default_user'] });
  });
});
