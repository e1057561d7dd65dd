import { describe, expect, it } from 'vitest';
import { recognizeEtcd } from '../../../functions/detect/etcd/recognize.js';

const A = '8e9e05c52164694d';
const B = '91bc3c398fb3c146';
const zap = (msg: string, extra = ''): string =>
  `{"level":"info","ts":"2021-06-01T10:00:01.141Z","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":${JSON.stringify(msg)}${extra}}`;
const lead = (kind: string, node: string | null, leader: string | null, other: string | null, term: number | null) => ({ type: 'leadership', kind, node, leader, other, term });
const pre = (kind: string) => ({ type: 'precursor', kind });

describe('recognizeEtcd: raft leadership lines in every etcd format', () => {
  const cases: Array<[string, string, ReturnType<typeof lead>]> = [
    ['capnslog 3.3', `2018-12-18 18:38:55.202466 I | raft: raft.node: 1c8a3cd6a4e1a8b2 elected leader 1c8a3cd6a4e1a8b2 at term 2`, lead('elected', '1c8a3cd6a4e1a8b2', '1c8a3cd6a4e1a8b2', null, 2)],
    ['capnslog 3.4 raft', `raft2026/11/26 01:22:49 INFO: ${A} became leader at term 2`, lead('became_leader', A, A, null, 2)],
    ['capnslog 3.4 raft, elected', `raft2026/11/26 01:22:49 INFO: raft.node: ${B} elected leader ${A} at term 2`, lead('elected', B, A, null, 2)],
    ['zap elected', zap(`raft.node: ${B} elected leader ${A} at term 3`), lead('elected', B, A, null, 3)],
    ['zap changed', zap(`raft.node: ${B} changed leader from ${A} to ${B} at term 4`), lead('changed', B, B, A, 4)],
    ['zap lost', zap(`raft.node: ${B} lost leader ${A} at term 5`), lead('lost', B, null, A, 5)],
    ['became candidate', `raft2026/11/26 01:22:49 INFO: ${A} became candidate at term 2`, lead('became_candidate', A, null, null, 2)],
    ['became pre-candidate', zap(`${A} became pre-candidate at term 1`), lead('became_pre_candidate', A, null, null, 1)],
    ['became follower', `2018-12-18 18:38:55.203130 I | raft: ${A} became follower at term 2`, lead('became_follower', A, null, null, 2)],
    ['new election', zap(`${A} is starting a new election at term 1`), lead('election_start', A, null, null, 1)],
    ['raft transfer', `raft2026/11/26 01:23:34 INFO: ${A} [term 6] starts to transfer leadership to ${B}`, lead('transfer_start', A, B, A, 6)],
    ['MsgTimeoutNow', `raft2026/11/26 01:23:44 INFO: ${B} [term 7] received MsgTimeoutNow from ${A} and starts an election to get leadership.`, lead('timeout_now', B, B, A, 7)],
    ['newRaft', `raft2026/11/26 01:23:05 INFO: newRaft ${A} [peers: [], term: 2, commit: 7, applied: 0, lastindex: 8, lastterm: 2]`, lead('member_start', A, null, null, 2)],
    ['etcdserver transfer (capnslog)', `2026-11-26 01:23:34.777164 I | etcdserver: ${A} starts leadership transfer from ${A} to ${B}`, lead('transfer_start', A, B, A, null)],
    ['etcdserver transfer (zap)', `{"level":"info","ts":"2025-03-01T04:35:01.443417+0530","caller":"etcdserver/server.go:1503","msg":"leadership transfer starting","local-member-id":"${A}","current-leader-member-id":"${A}","transferee-member-id":"${B}"}`, lead('transfer_start', A, B, A, null)],
  ];
  for (const [name, line, expected] of cases) {
    it(name, () => {
      expect(recognizeEtcd(line, null)).toEqual(expected);
      expect(recognizeEtcd(line, 'etcd')).toEqual(expected);
    });
  }
});

describe('recognizeEtcd: precursors', () => {
  // The duration each line states (Go duration text, in ms), where it states one.
  const etcd: Array<[string, string, number | undefined]> = [
    ['{"level":"warn","ts":"2021-06-01T10:00:05Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.8s","expected-duration":"1s"}', 'slow_fdatasync', 1800],
    ['2017-04-21 17:05:00.492917 W | wal: sync duration of 1.719859318s, expected less than 1s', 'slow_fdatasync', 1719.859318],
    ['{"level":"warn","msg":"leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk","to":"x"}', 'heartbeat_late', undefined],
    ['{"level":"warn","ts":"2022-08-30T09:17:30.387Z","caller":"etcdserver/raft.go:369","msg":"leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk","to":"63b75c3d731594fc","heartbeat-interval":"100ms","expected-duration":"200ms","exceeded-duration":"61.150187ms"}', 'heartbeat_late', 61.150187],
    ['2018-12-18 18:40:02.511093 W | etcdserver: failed to send out heartbeat on time (exceeded the 100ms timeout for 401.5ms, to 1c8a)', 'heartbeat_late', 401.5],
    ['2017-01-01 00:00:00.000000 W | etcdserver: failed to send out heartbeat on time (exceeded the 100ms timeout for 2m3.5s)', 'heartbeat_late', 123_500],
    ['{"level":"warn","msg":"apply request took too long","took":"1.4s"}', 'slow_apply', 1400],
    ['2017-04-21 17:05:43.088034 W | etcdserver: apply entries took too long [221.680793ms for 1 entries]', 'slow_apply', 221.680793],
    ['2020-01-01 00:00:00.000000 W | etcdserver: read-only range request "key:\\"/registry/pods\\" " with result "range_response_count:1 size:2" took too long (1.2s) to execute', 'slow_apply', 1200],
    ['{"level":"warn","msg":"waiting for ReadIndex response took too long, retrying","sent-request-id":1,"retry-timeout":"500ms"}', 'slow_read_index', undefined],
  ];
  for (const [line, kind, ms] of etcd) {
    it(`etcd ${kind}: ${line.slice(0, 50)}`, () => {
      const sig = recognizeEtcd(line, 'etcd');
      expect(sig).toEqual(ms === undefined ? pre(kind) : { ...pre(kind), durationMs: expect.closeTo(ms, 6) });
    });
  }

  const kernel: Array<[string, number | undefined]> = [
    ['INFO: task etcd:1234 blocked for more than 120 seconds.', 120_000],
    ['INFO: task jbd2/nvme0n1p1-8:321 blocked for more than 241 seconds.', 241_000],
    ['nvme nvme0: I/O 21 QID 3 timeout, aborting', undefined],
    ['nvme nvme1: I/O tag 512 (0200) opcode 0x1 (Write) QID 2 timeout, aborting req_op:WRITE(1) size:4096', undefined],
    ['sd 2:0:0:0: [sda] tag#12 timing out command, waited 180s', 180_000],
  ];
  for (const [line, ms] of kernel) {
    it(`kernel disk_latency: ${line.slice(0, 50)}`, () => {
      expect(recognizeEtcd(line, 'kernel')).toEqual(ms === undefined ? pre('disk_latency') : { ...pre('disk_latency'), durationMs: ms });
    });
  }

  it('kernel lines that are not storage stalls, and the same words from other apps, are not precursors', () => {
    expect(recognizeEtcd('Out of memory: Killed process 42 (java)', 'kernel')).toBeNull();
    expect(recognizeEtcd('nvme nvme0: 8/0/0 default/read/poll queues', 'kernel')).toBeNull();
    expect(recognizeEtcd('INFO: task etcd:1234 blocked for more than 120 seconds.', 'myapp')).toBeNull();
  });

  const journald: Array<[string, string]> = [
    ['Time spent on flushing to /var/log/journal/dc8bc2e1a2744f4bb38c57d340fb2560 is 9.101ms for 471 entries.', 'journald_flush'],
    ['Time spent on flushing to /var is 67.275ms for 1810 entries.', 'journald_flush'],
    ['Received client request to flush runtime journal.', 'journald_flush'],
    ['Journal started', 'journald_restart'],
    ['Journal stopped', 'journald_restart'],
    ['Received client request to rotate journal, rotating.', 'journald_rotate'],
    ['/run/log/journal/dbe7d9459e724ab68a0585229f903277/system.journal: Journal header limits reached or header out-of-date, rotating.', 'journald_rotate'],
    ['Vacuuming done, freed 24.0M of archived journals from /var/log/journal/abc.', 'journald_vacuum'],
    ['Deleted archived journal /var/log/journal/abc/system@00057e8f.journal (8.0M).', 'journald_vacuum'],
  ];
  for (const [line, kind] of journald) it(`journald ${kind}: ${line.slice(0, 40)}`, () => expect(recognizeEtcd(line, 'systemd-journald')).toEqual(pre(kind)));

  it('journald wording from other apps, and journald lines that are not disk activity, are not precursors', () => {
    expect(recognizeEtcd('Journal started', 'myapp')).toBeNull();
    expect(recognizeEtcd('Time spent on flushing to /var is 1ms for 2 entries.', null)).toBeNull();
    expect(recognizeEtcd('System Journal (/var/log/journal/x) is 8.0M, max 4.0G, 3.9G free.', 'systemd-journald')).toBeNull();
    expect(recognizeEtcd('Suppressed 1234 messages from /system.slice/foo.service', 'systemd-journald')).toBeNull();
  });
});

describe('recognizeEtcd: near misses and other apps', () => {
  it('rejects lines that look close but are not leadership lines', () => {
    const misses = [
      `2026-11-26 01:22:48.796261 I | rafthttp: peer ${A} became active`,
      `raft2026/11/26 01:22:49 INFO: ${A} received MsgVoteResp from ${A} at term 2`,
      `raft2026/11/26 01:22:49 INFO: ${A} [logterm: 1, index: 3] sent MsgVote request to ${B} at term 2`,
      `raft2026/11/26 01:23:05 INFO: ${A} [term: 2] received a MsgHeartbeat message with higher term from ${B} [term: 3]`,
      `raft.node: ${A} elected leader XYZ at term 2`,
      `raft.node: ${A} elected leader ${A} at term `,
      `raft.node: ${A} changed leader from ${A} at term 3`,
      `raft.node: 0123456789abcdef0 elected leader ${A} at term 2`,
      `node-${A} became leader at term 2`,
      `${A} became leader`,
      '2026-11-26 01:23:44.265359 I | etcdserver: skipped leadership transfer for stopping non-leader member',
      zap('leadership transfer starting'),
      '{"level":"info","message":"raft.node: 1 elected leader 1 at term 1"}',
      'the term is over',
      '',
    ];
    for (const m of misses) expect(recognizeEtcd(m, null), m).toBeNull();
  });

  it('ignores etcd wording from apps that are not etcd (other raft users)', () => {
    const line = `raft.node: ${A} elected leader ${A} at term 2`;
    expect(recognizeEtcd(line, 'kubelet')).toBeNull();
    expect(recognizeEtcd(line, 'cockroach')).toBeNull();
    expect(recognizeEtcd(line, 'k3s')).not.toBeNull();
    expect(recognizeEtcd(line, 'kube-etcd')).not.toBeNull();
  });

  it('classifies 1 MB adversarial lines correctly (bounded scan, linear regexes)', () => {
    const mb = 1_000_000;
    const cases: Array<[string, unknown]> = [
      ['raft.node: ' + 'a'.repeat(mb), null],
      [' became '.repeat(mb / 8), null],
      ['a'.repeat(mb) + ' became leader at term 5', null],
      [`${A} became leader at term 5 ` + 'x'.repeat(mb), lead('became_leader', A, A, null, 5)],
      ['raft.node: a elected leader ' + 'a at term '.repeat(mb / 10), null],
      ['{"msg":"' + '\\"'.repeat(mb / 2), null],
      ['{"msg":"' + 'raft.node: '.repeat(mb / 11) + '"}', null],
      ['newRaft a [peers: [' + '1 '.repeat(mb / 2), null],
      [`${A} [term ` + '9'.repeat(mb), null],
      ['took too long'.repeat(mb / 13), null],
      ['Time spent on flushing to ' + '/'.repeat(mb), pre('journald_flush')],
    ];
    for (const [line, expected] of cases) {
      const app = line.startsWith('Time spent') ? 'systemd-journald' : 'etcd';
      expect(recognizeEtcd(line, app), line.slice(0, 40)).toEqual(expected);
    }
  });
});
