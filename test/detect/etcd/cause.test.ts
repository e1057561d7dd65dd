import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../functions/detect/types.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { recordFromMessage } from '../../support/records.js';
import { drive, etcdRecord, ofType, validateFinding } from './drive.js';

/**
 * Issue 10 §3: the churn cause follows the evidence. Disk evidence on a leader's host names the
 * disk and those hosts; without it the cause never names the disk (etcd's own "leader is
 * overloaded likely from slow disk" is its guess) and says which member stalled, for how long,
 * and what to look at. Each scenario is written in both of etcd's log formats.
 */

const A = 'a1b2c3d4e5f60718';
const B = '2b3c4d5e6f708192';
const C = 'c3d4e5f607182930';
const HOST: Record<string, string> = { [A]: 'cp1', [B]: 'cp2', [C]: 'cp3' };
const MEMBERS = [A, B, C];
/** Leaders of terms 11-15: A loses twice, B and C once each. */
const LEADERS: Array<[number, string]> = [[11, A], [12, B], [13, C], [14, A], [15, B]];
const T0 = Date.parse('2026-11-26T10:00:00Z');
/** Each election 100 s after the last: 5 changes in 400 s, churn at 4-in-15-min. */
const electionMs = (i: number): number => T0 + i * 100_000;

type Format = 'capnslog' | 'zap';
const FORMATS: Format[] = ['capnslog', 'zap'];

const iso = (ms: number): string => new Date(ms).toISOString();
const capnsTime = (ms: number): string => iso(ms).replace('T', ' ').replace('Z', '000');

/** A raft line as etcd prints it: capnslog 3.4 (`raftYYYY/MM/DD hh:mm:ss INFO: …`) or zap JSON. */
function raftLine(format: Format, ms: number, text: string): string {
  if (format === 'zap') return JSON.stringify({ level: 'info', ts: iso(ms), logger: 'raft', caller: 'etcdserver/zap_raft.go:77', msg: text });
  const d = iso(ms);
  return `raft${d.slice(0, 10).replaceAll('-', '/')} ${d.slice(11, 19)} INFO: ${text}`;
}

/** An etcd warning: capnslog `W | pkg: text` or zap with its fields. */
function warnLine(format: Format, ms: number, capnslog: [string, string], zap: Record<string, string>): string {
  if (format === 'zap') return JSON.stringify({ level: 'warn', ts: iso(ms), ...zap });
  return `${capnsTime(ms)} W | ${capnslog[0]}: ${capnslog[1]}`;
}

/** The leader on `host` missed heartbeats by `late` (etcdserver/raft.go, both loggers). */
const heartbeatLate = (format: Format, ms: number, to: string, late: string): string =>
  warnLine(format, ms, ['etcdserver', `failed to send out heartbeat on time (exceeded the 100ms timeout for ${late}, to ${to})`], {
    caller: 'etcdserver/raft.go:369',
    msg: 'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk',
    to,
    'heartbeat-interval': '100ms',
    'expected-duration': '200ms',
    'exceeded-duration': late,
  });

const slowApply = (format: Format, ms: number, took: string): string =>
  warnLine(format, ms, ['etcdserver', `apply entries took too long [${took} for 1 entries]`], {
    caller: 'etcdserver/util.go:166',
    msg: 'apply request took too long',
    took,
    'expected-duration': '100ms',
  });

const slowFsync = (format: Format, ms: number, took: string): string =>
  warnLine(format, ms, ['wal', `sync duration of ${took}, expected less than 1s`], { caller: 'wal/wal.go:805', msg: 'slow fdatasync', took, 'expected-duration': '1s' });

/** Five elections: followers log `lost leader`, every member `elected leader`. */
function elections(format: Format): LogRecord[] {
  const out: LogRecord[] = [];
  let previous: string | null = null;
  LEADERS.forEach(([term, leader], i) => {
    const ms = electionMs(i);
    for (const m of MEMBERS) {
      if (previous !== null && m !== leader) out.push(etcdRecord(raftLine(format, ms, `raft.node: ${m} lost leader ${previous} at term ${term}`), iso(ms + 100), HOST[m], 'prod'));
      out.push(etcdRecord(raftLine(format, ms, `raft.node: ${m} elected leader ${leader} at term ${term}`), iso(ms + 200), HOST[m], 'prod'));
    }
    previous = leader;
  });
  return out;
}

/** Lines on a leader's host shortly before it loses leadership (terms 12 and 15: A on cp1). */
function beforeLossOfA(make: (ms: number) => LogRecord[]): LogRecord[] {
  return [electionMs(1) - 5_000, electionMs(4) - 5_000].flatMap(make);
}

const sorted = (records: LogRecord[]): LogRecord[] => [...records].sort((a, b) => (a.time! < b.time! ? -1 : a.time! > b.time! ? 1 : 0));

async function churnOf(records: LogRecord[]): Promise<Finding> {
  const run = await drive(sorted(records));
  const churn = ofType(run, 'etcd_leader_churn');
  expect(churn).toHaveLength(1);
  expect(validateFinding(churn[0]), JSON.stringify(validateFinding.errors)).toBe(true);
  return churn[0];
}

const cause = (f: Finding): string => f.details.suspected_cause as string;
/** Any way of naming storage, hedged or not. */
const NAMES_DISK = /disk|fdatasync|fsync|I\/O|storage|journald|wal/i;

describe('churn cause without disk evidence never names the disk', () => {
  for (const format of FORMATS) {
    it(`leader stalled (late heartbeats, "likely from slow disk" in etcd's words) and slow apply: names the member, how long, what to look at (${format})`, async () => {
      const f = await churnOf([
        ...elections(format),
        ...beforeLossOfA((ms) => [
          etcdRecord(heartbeatLate(format, ms, B, '1.2s'), iso(ms), 'cp1', 'prod'),
          etcdRecord(heartbeatLate(format, ms + 1000, C, '2.5s'), iso(ms + 1000), 'cp1', 'prod'),
          etcdRecord(slowApply(format, ms + 2000, '1.4s'), iso(ms + 2000), 'cp1', 'prod'),
        ]),
      ]);
      const text = cause(f);
      expect(text).not.toMatch(NAMES_DISK);
      expect(f.summary).not.toMatch(NAMES_DISK);
      expect(f.details.suspected_cause_kind).toBe('stall');
      expect(text).toContain(`leader ${A} on cp1 stalled: sent heartbeats up to 2.5s late (4 warning(s))`);
      expect(text).toContain('slow apply (up to 1.4s) on cp1');
      expect(text).toContain(`leaders lost: ${B} on cp2 (1×), ${A} on cp1 (2×), ${C} on cp3 (1×)`);
      expect(text).toMatch(/look at CPU throttling and steal, GC or process pauses \(process stop, VM pause\) on cp1, cp2, cp3$/);
      expect(f.details.precursor_longest_ms).toEqual({ cp1: { heartbeat_late: 2500, slow_apply: 1400 } });
      expect(f.details.suspected_cause_hosts).toEqual(['cp1', 'cp2', 'cp3']);
      expect(f.remediation).not.toMatch(/disk/i);
      expect(f.remediation).toMatch(/CPU throttling/);
    });

    it(`leader froze with no warning at all (process stop, VM pause): names the leaders lost and the pauses to look for (${format})`, async () => {
      const f = await churnOf(elections(format));
      const text = cause(f);
      expect(text).not.toMatch(NAMES_DISK);
      expect(f.details.suspected_cause_kind).toBe('unexplained');
      expect(text).toMatch(/^unexplained: leaders lost: .*a1b2c3d4e5f60718 on cp1 \(2×\)/);
      expect(text).toContain('process stop, VM pause');
      expect(f.details.precursors).toEqual({});
    });
  }

  it('disk warnings on a member that never led, or on a worker, do not make the cause the disk', async () => {
    const D = 'd4e5f60718293a4b';
    const follower = [etcdRecord(raftLine('zap', T0 - 60_000, `raft.node: ${D} elected leader ${A} at term 10`), iso(T0 - 60_000), 'cp4', 'prod')];
    const f = await churnOf([
      ...elections('zap'),
      ...follower,
      ...beforeLossOfA((ms) => [
        etcdRecord(slowFsync('zap', ms, '3s'), iso(ms), 'cp4', 'prod'),
        recordFromMessage('Time spent on flushing to /var/log/journal/x is 9.812s for 184211 entries.', { time: iso(ms), host: 'w1', app: 'systemd-journald', source_format: 'journald', cluster: 'prod' }),
      ]),
    ]);
    expect(f.details.precursors).toEqual({ cp4: { slow_fdatasync: 2 } });
    expect(cause(f)).not.toMatch(NAMES_DISK);
    expect(f.details.suspected_cause_kind).toBe('unexplained');
  });
});

describe('churn cause with disk evidence on a leader\'s host names the disk and those hosts', () => {
  for (const format of FORMATS) {
    it(`slow fdatasync / WAL sync on the leader's host (${format})`, async () => {
      const f = await churnOf([
        ...elections(format),
        ...beforeLossOfA((ms) => [
          etcdRecord(slowFsync(format, ms, '2.4s'), iso(ms), 'cp1', 'prod'),
          etcdRecord(heartbeatLate(format, ms + 500, B, '1.1s'), iso(ms + 500), 'cp1', 'prod'),
        ]),
      ]);
      expect(f.details.suspected_cause_kind).toBe('disk');
      expect(cause(f)).toBe('disk I/O: slow fdatasync (up to 2.4s) on hosts cp1; etcd also logged late heartbeats (up to 1.1s) on cp1');
      expect(f.details.suspected_cause_hosts).toEqual(['cp1']);
      expect(f.remediation).toMatch(/etcd_disk_wal_fsync_duration_seconds/);
    });
  }

  it('journald flushing on the leader\'s host, with no etcd warning at all', async () => {
    const f = await churnOf([
      ...elections('zap'),
      ...beforeLossOfA((ms) => [
        recordFromMessage('Time spent on flushing to /var/log/journal/x is 9.812s for 184211 entries.', { time: iso(ms), host: 'cp1', app: 'systemd-journald', source_format: 'journald', cluster: 'prod' }),
      ]),
    ]);
    expect(f.details.suspected_cause_kind).toBe('disk');
    expect(cause(f)).toBe('disk I/O: journald flush on hosts cp1');
  });

  it('the kernel\'s hung-task report (a task stuck in I/O wait) on the leader\'s host', async () => {
    const f = await churnOf([
      ...elections('capnslog'),
      ...beforeLossOfA((ms) => [
        recordFromMessage('INFO: task etcd:2231 blocked for more than 122 seconds.', { time: iso(ms), host: 'cp2', app: 'kernel', source_format: 'journald', cluster: 'prod' }),
      ]),
    ]);
    expect(f.details.suspected_cause_kind).toBe('disk');
    expect(cause(f)).toBe('disk I/O: kernel I/O stalls (up to 122s) on hosts cp2');
  });
});
