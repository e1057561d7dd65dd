import { describe, expect, it } from 'vitest';
import { decidePriority } from '../../functions/normalize/correct.js';
import { parsePlain } from '../../functions/parse/plain.js';
import { parseRfc3164 } from '../../functions/parse/rfc3164.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { ctx, decide, event, sessionEntry, syslogLine, systemServiceEntry, toRecord } from './events.js';


describe('facility: records from the kernel are never re-routed', () => {
  it('a kernel-transport record with kern keeps it and its severity', () => {
    const ev = event('journald', 'Out of memory: Killed process 4242 (java)', {
      transport: 'kernel', app: 'kernel', facility_received: 0, severity_received: 3,
    });
    const record = toRecord(ev);
    expect([record.facility, record.severity, record.corrections]).toEqual([0, 3, []]);
  });

  it('a /dev/kmsg write from user space (transport kernel, facility user) is left as it is', () => {
    const ev = event('journald', 'Detected virtualization kvm.', {
      transport: 'kernel', app: 'systemd', procid: '1', facility_received: 1, severity_received: 6,
    });
    expect(decide(ev)).toEqual({ facility: 1, severity: 6, corrections: [] });
  });

  it('a kernel-transport record is never read for a message level, even on a forwarded copy', () => {
    const ev = event('journald', '<3>E0527 12:00:00.000000 looks like a level', {
      transport: 'kernel', app: 'kernel', facility_received: 0, severity_received: 6,
    });
    expect(decide(ev)).toEqual({ facility: 0, severity: 6, corrections: [] });
  });

  it('syslog app "kernel" with facility 0 is a real kernel line', () => {
    const ev = parseRfc3164(Buffer.from('<4>Nov 24 15:46:50 node1 kernel: [12345.678] eth0: link down'), ctx);
    expect(ev.app).toBe('kernel');
    const record = toRecord(ev);
    expect([record.facility, record.severity, record.corrections]).toEqual([0, 4, []]);
  });

  it('a kernel-transport record without SYSLOG_FACILITY is kern (journald always writes it; kernel is the sender)', () => {
    const ev = event('journald', 'usb 1-1: new high-speed USB device', { transport: 'kernel', app: 'kernel', severity_received: 6 });
    expect(decide(ev)).toEqual({ facility: 0, severity: 6, corrections: ['facility_inferred_kernel'] });
  });

  it('a kernel-transport record without facility but with a user-space identifier is inferred like any process', () => {
    const ev = event('journald', 'Detected virtualization kvm.', { transport: 'kernel', app: 'systemd', severity_received: 6 });
    expect(decide(ev)).toEqual({ facility: 3, severity: 6, corrections: ['facility_inferred_app_list'] });
    const other = event('journald', 'hello', { transport: 'kernel', app: 'my-tool', severity_received: 6 });
    expect(decide(other).facility).toBe(1);
  });

  it('a PRI-less kern.log line from "kernel" is kern', () => {
    const ev = parseRfc3164(Buffer.from('Nov 24 15:46:50 node1 kernel: [12345.678] eth0: link down'), ctx);
    expect(ev.facility_received).toBeNull();
    expect(decide(ev)).toEqual({
      facility: 0, severity: 5, corrections: ['pri_missing_rfc3164_default', 'facility_inferred_kernel'],
    });
  });

  it('journald audit records: auth and notice when the fields are missing (old systemd wrote SYSLOG_FACILITY=32)', () => {
    const ev = event('journald', 'SERVICE_START pid=1 uid=0', { transport: 'audit', app: 'audit' });
    expect(decide(ev)).toEqual({
      facility: 4, severity: 5, corrections: ['facility_inferred_audit', 'severity_missing_journald_default'],
    });
    const complete = event('journald', 'SERVICE_START pid=1 uid=0', { transport: 'audit', app: 'audit', facility_received: 4, severity_received: 5 });
    expect(decide(complete)).toEqual({ facility: 4, severity: 5, corrections: [] });
  });
});

describe('facility: missing or kern on a non-kernel record', () => {
  it('missing on a system service: daemon by unit', () => {
    const ev = systemServiceEntry('myapp', 'journal', 'ready', { severity_received: 6 });
    expect(decide(ev)).toEqual({ facility: 3, severity: 6, corrections: ['facility_inferred_unit'] });
  });

  it('missing on a user-session process (systemd-cat, shell pipe): user by unit', () => {
    const ev = sessionEntry('cat', 'stdout', 'Count: 0000000001', { severity_received: 6 });
    const record = toRecord(ev);
    expect([record.facility, record.corrections]).toEqual([1, ['facility_inferred_unit']]);
  });

  it('a user session wins over the app list (etcd run by hand is not the etcd service)', () => {
    const ev = sessionEntry('etcd', 'journal', 'serving', { severity_received: 6 });
    expect(decide(ev).facility).toBe(1);
  });

  it('a user unit under the user manager is user', () => {
    const ev = event('journald', 'started', {
      transport: 'stdout', app: 'syncthing', unit: 'user@1000.service', severity_received: 6,
      fields: {
        _SYSTEMD_SLICE: 'user-1000.slice', _SYSTEMD_USER_UNIT: 'syncthing.service',
        _SYSTEMD_CGROUP: '/user.slice/user-1000.slice/user@1000.service/app.slice/syncthing.service',
      },
    });
    expect(decide(ev)).toEqual({ facility: 1, severity: 6, corrections: ['facility_inferred_unit'] });
  });

  it('templated system units in sub-slices, and PID 1, are daemon', () => {
    const getty = event('journald', 'x', {
      transport: 'stdout', app: 'agetty', unit: 'getty@tty1.service', severity_received: 6,
      fields: { _SYSTEMD_SLICE: 'system-getty.slice', _SYSTEMD_CGROUP: '/system.slice/system-getty.slice/getty@tty1.service' },
    });
    expect(decide(getty).facility).toBe(3);
    const pid1 = event('journald', 'Reached target multi-user.target', {
      transport: 'journal', app: 'my-init', unit: 'init.scope', severity_received: 6, fields: { _SYSTEMD_CGROUP: '/init.scope' },
    });
    expect(decide(pid1)).toEqual({ facility: 3, severity: 6, corrections: ['facility_inferred_unit'] });
  });

  it('a .service unit alone (no slice or cgroup) is a system service; user@ is not', () => {
    const svc = event('journald', 'x', { transport: 'journal', app: 'foo', unit: 'foo.service', severity_received: 6 });
    expect(decide(svc).corrections).toEqual(['facility_inferred_unit']);
    expect(decide(svc).facility).toBe(3);
    const mgr = event('journald', 'x', { transport: 'journal', app: 'foo', unit: 'user@1000.service', severity_received: 6 });
    expect(decide(mgr)).toEqual({ facility: 1, severity: 6, corrections: ['facility_inferred_default_user'] });
  });

  it('kern on a system service is re-routed by unit, with the re-route code', () => {
    const ev = systemServiceEntry('myapp', 'journal', 'x', { facility_received: 0, severity_received: 6 });
    expect(decide(ev)).toEqual({ facility: 3, severity: 6, corrections: ['facility_kern_rerouted_unit'] });
  });

  it('no unit information: app list, else default user, each with its code', () => {
    const listed = event('journald', 'x', { transport: 'journal', app: 'kubelet', severity_received: 6 });
    expect(decide(listed)).toEqual({ facility: 3, severity: 6, corrections: ['facility_inferred_app_list'] });
    const unknown = event('journald', 'x', { transport: 'journal', app: 'mystery', severity_received: 6 });
    expect(decide(unknown)).toEqual({ facility: 1, severity: 6, corrections: ['facility_inferred_default_user'] });
  });

  it('kern on unlisted syslog apps goes to user; on listed ones to daemon', () => {
    expect(decide(syslogLine(6, 'mystery', 'x'))).toEqual({
      facility: 1, severity: 6, corrections: ['facility_kern_rerouted_default_user'],
    });
    expect(decide(syslogLine(3, 'kubelet', 'x'))).toEqual({
      facility: 3, severity: 3, corrections: ['facility_kern_rerouted_app_list'],
    });
    expect(decide(syslogLine(0, null, 'x')).facility).toBe(1);
  });

  it('a facility the sender set (not kern) is kept, even for apps on the list', () => {
    expect(decide(syslogLine(16 * 8 + 6, 'etcd', 'x'))).toEqual({ facility: 16, severity: 6, corrections: [] });
    const ev = systemServiceEntry('sshd', 'syslog', 'Accepted publickey', { facility_received: 10, severity_received: 6 });
    expect(decide(ev)).toEqual({ facility: 10, severity: 6, corrections: [] });
  });
});

describe('facility and severity: syslog lines without PRI', () => {
  it('RFC 3164 §4.3.3: a relay treats them as <13> user.notice', () => {
    const ev = parseRfc3164(Buffer.from('Nov 24 15:46:50 node1 myscript: backup finished'), ctx);
    const record = toRecord(ev);
    expect([record.facility, record.severity, record.corrections]).toEqual([1, 5, ['pri_missing_rfc3164_default']]);
    expect([record.facility_received, record.severity_received]).toEqual([null, null]);
  });

  it('the app list still tells a daemon apart', () => {
    const ev = parseRfc3164(Buffer.from('Nov 24 15:46:50 node1 sshd[99]: Accepted publickey for root'), ctx);
    expect(decide(ev)).toEqual({
      facility: 3, severity: 5, corrections: ['pri_missing_rfc3164_default', 'facility_inferred_app_list'],
    });
  });

  it('plain lines and unparseable lines (parse_error) get valid values too', () => {
    const plain = toRecord(parsePlain(Buffer.from('just some text'), ctx));
    expect([plain.facility, plain.severity, plain.corrections]).toEqual([1, 5, ['pri_missing_rfc3164_default']]);
    const broken = parseRfc3164(Buffer.from('<999>garbage'), ctx);
    expect(broken.parse_error).not.toBeNull();
    const record = toRecord(broken);
    expect([record.facility, record.severity]).toEqual([1, 5]);
  });

  it('a partial parse with a facility but no severity defaults the severity to notice', () => {
    const ev = event('rfc5424', 'x', { app: 'mystery', facility_received: 16 });
    expect(decide(ev)).toEqual({ facility: 16, severity: 5, corrections: ['severity_missing_syslog_default'] });
  });
});

describe('severity default for journald entries without PRIORITY', () => {
  it('is info (journald-native.c: priority = LOG_INFO), with a code', () => {
    const ev = systemServiceEntry('myapp', 'journal', 'hello', { facility_received: 3 });
    expect(decide(ev)).toEqual({ facility: 3, severity: 6, corrections: ['severity_missing_journald_default'] });
  });
});

describe('parser notes and out-of-range input', () => {
  it('parser notes come first, unchanged, before our codes', () => {
    const ev = systemServiceEntry('myapp', 'journal', 'x', {
      severity_received: null, notes: ['priority_unreadable', 'field_truncated'],
    });
    expect(decide(ev).corrections).toEqual([
      'priority_unreadable', 'field_truncated', 'facility_inferred_unit', 'severity_missing_journald_default',
    ]);
    const named = systemServiceEntry('myapp', 'journal', 'x', { severity_received: 4, facility_received: 3, notes: ['priority_from_level_name'] });
    expect(decide(named).corrections).toEqual(['priority_from_level_name']);
  });

  it('does not alias the parser notes array', () => {
    const ev = systemServiceEntry('myapp', 'journal', 'x', { notes: ['priority_unreadable'] });
    decide(ev);
    expect(ev.notes).toEqual(['priority_unreadable']);
  });

  it('values outside 0..23 / 0..7 (beyond the parser contract) are treated as missing', () => {
    const ev = event('journald', 'x', { transport: 'journal', app: 'mystery', facility_received: 32, severity_received: 9 });
    expect(decidePriority(ev, DEFAULT_CONFIG.correction)).toEqual({
      facility: 1, severity: 6, corrections: ['facility_inferred_default_user', 'severity_missing_journald_default'],
    });
  });
});
