import { describe, expect, it } from 'vitest';
import { identifyCgroup } from '../../../functions/detect/oom/cgroup-path.js';
import { killedLine, summaryLine, triggerLine } from '../../../functions/detect/oom/kernel-lines.js';
import { recognizeOom } from '../../../functions/detect/oom/recognize.js';
import { recordFromMessage } from '../../support/records.js';

const rec = (message: string, opts: Parameters<typeof recordFromMessage>[1] = {}) => recognizeOom(recordFromMessage(message, opts));
const CID = 'ef807430361e6e82b45db92e2e9b6fbec98f419b12c591e655c1a725565e73a8';

describe('kernel OOM lines across versions', () => {
  it('trigger lines of 3.x (oom_adj), 4.x (nodemask) and 6.x', () => {
    expect(rec('java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0')).toEqual({ kind: 'trigger', source: 'kernel', comm: 'java', order: 0 });
    expect(rec('Plex Media Server invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0')).toMatchObject({ comm: 'Plex Media Server' });
    expect(rec('[ 6120.123456] kswapd0 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=3, oom_score_adj=0')).toMatchObject({ comm: 'kswapd0', order: 3 });
  });

  it('Killed process: 3.x, 4.x shmem, RHEL "(comm), UID N,", 5.x+ with message prefix, allocating-task mode', () => {
    expect(rec('Killed process 13536 (memorymonster) total-vm:33558652kB, anon-rss:920kB, file-rss:452kB')).toMatchObject({ kind: 'killed', pid: 13536, constraint: null, total_vm_kb: 33558652, shmem_rss_kb: null });
    expect(rec('Killed process 16711 (stress), UID 0, total-vm:826516kB, anon-rss:819296kB, file-rss:0kB, shmem-rss:0kB')).toMatchObject({ pid: 16711, comm: 'stress', uid: 0, anon_rss_kb: 819296 });
    expect(rec('Out of memory: Killed process 19513 (fab) total-vm:7196300kB, anon-rss:4173736kB, file-rss:58444kB, shmem-rss:600kB, UID:0 pgtables:8824kB oom_score_adj:-998')).toMatchObject({
      constraint: 'global',
      uid: 0,
      oom_score_adj: -998,
    });
    expect(rec('Memory cgroup out of memory: Killed process 1 ((sd-pam)) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0')).toMatchObject({ comm: '(sd-pam)', constraint: 'memcg' });
    expect(rec('Out of memory (oom_kill_allocating_task): Killed process 77 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0')).toMatchObject({ constraint: 'global' });
    expect(rec('Killed process 5 (name) total-vm:1kB ) total-vm:2kB, anon-rss:3kB, file-rss:0kB')).toMatchObject({ comm: 'name) total-vm:1kB ' });
  });

  it('oom-kill: summary with each constraint, either field order, padded pid', () => {
    const memcg = `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=${CID},mems_allowed=0,oom_memcg=/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012,task_memcg=/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012/${CID},task=manager,pid=966,uid=0`;
    expect(rec(memcg)).toMatchObject({ kind: 'summary', constraint: 'memcg', pid: 966, comm: 'manager', uid: 0 });
    expect(rec('oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session-3.scope,task=a,b=c,pid=42,uid=1000')).toMatchObject({
      constraint: 'global',
      oom_memcg: null,
      task_memcg: '/user.slice/user-1000.slice/session-3.scope',
      comm: 'a,b=c',
    });
    expect(rec('oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=0-1,cpuset=/pinned,mems_allowed=1,global_oom,task_memcg=/,task=x,pid=1,uid=0')).toMatchObject({ constraint: 'cpuset', task_memcg: '/' });
    expect(rec('oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=1,global_oom,task_memcg=/a,cpuset=/,mems_allowed=0-1,task=x,pid=1,uid=0')).toMatchObject({ constraint: 'mempolicy', task_memcg: '/a' });
    expect(rec('oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/m,task_memcg=/m/t,task=sh,pid=  7001,uid=    0')).toMatchObject({ pid: 7001, uid: 0, oom_memcg: '/m', task_memcg: '/m/t' });
  });

  it('reaper, legacy memcg, memcg header and dump_stack header', () => {
    expect(rec('oom_reaper: reaped process 1381 (gunpowder-memho), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB')).toEqual({ kind: 'reaped', source: 'kernel', pid: 1381, comm: 'gunpowder-memho' });
    expect(rec('oom_reaper: unable to reap pid:77 (java)')).toMatchObject({ kind: 'reaped', pid: 77, comm: 'java' });
    expect(rec('Task in /mem2 killed as a result of limit of /mem3')).toMatchObject({ task_memcg: '/mem2', oom_memcg: '/mem3' });
    expect(rec('memory: usage 20480kB, limit 20480kB, failcnt 1204')).toEqual({ kind: 'memcg_usage', source: 'kernel', usage_kb: 20480, limit_kb: 20480 });
    expect(rec('CPU: 0 PID: 1381 Comm: gunpowder-memho Tainted: G           O    4.8.0-gentoo #2')).toMatchObject({ kind: 'trigger_pid', pid: 1381 });
    expect(rec('CPU: 3 UID: 0 PID: 12 Comm: kworker/3:1 Not tainted 6.12.0 #1')).toMatchObject({ pid: 12 });
  });

  it('plain syslog lines and dmesg stamps', () => {
    expect(rec('Jan 21 22:01:49 localhost kernel: [62279.421192] ruby invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0', { source_format: 'plain' })).toMatchObject({ comm: 'ruby' });
    expect(rec('Jan 21 22:01:49 localhost kernel: memory: usage 1kB, limit 2kB, failcnt 0', { source_format: 'plain' })).toMatchObject({ kind: 'memcg_usage' });
  });

  it('non-kills: page allocation failure, exiting victim, memory: usage elsewhere, prose', () => {
    for (const m of [
      'chrome: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0',
      'Memory cgroup out of memory: OOM victim 123 (java) is already exiting. Skip killing the task',
      'app: memory: usage 1kB, limit 2kB, failcnt 0',
      'Kill process group requested by operator',
      'the OOMKilled status is documented in the runbook',
      'Killed process 1 (x) but no counters follow',
      'Tasks state (memory values in pages):',
    ]) {
      expect(rec(m), m).toBeNull();
    }
  });
});

describe('user-space OOM reports', () => {
  it('systemd: unit from the message prefix, else UNIT', () => {
    expect(rec(`cri-containerd-${CID}.scope: A process of this unit has been killed by the OOM killer.`, { unit: 'init.scope' })).toEqual({
      kind: 'container_oom',
      source: 'systemd',
      container_id: CID,
      pod_uid: null,
      pod: null,
      container_name: null,
      unit: `cri-containerd-${CID}.scope`,
    });
    expect(rec("Failed with result 'oom-kill'.", { fields: { UNIT: 'backup.service' } })).toMatchObject({ unit: 'backup.service' });
    expect(rec("nginx.service: Failed with result 'oom-kill'.")).toMatchObject({ unit: 'nginx.service' });
  });

  it('containerd TaskOOM in protobuf text, gogo and ctr events forms', () => {
    for (const m of [
      `time="2025-05-19T18:14:43.578084676Z" level=info msg="TaskOOM event container_id:\\"${CID}\\""`,
      `TaskOOM event &TaskOOM{ContainerID:${CID},XXX_unrecognized:[],}`,
      `2024-01-01 00:00:00.000000000 +0000 UTC k8s.io /tasks/oom {"container_id":"${CID}"}`,
    ]) {
      expect(rec(m), m).toMatchObject({ source: 'containerd', container_id: CID });
    }
    expect(rec('TaskOOM event container_id:"short"')).toBeNull();
  });

  it('kubelet SystemOOM and OOMKilled', () => {
    expect(rec('System OOM encountered, victim process: Plex Media Server, pid: 16713')).toEqual({ kind: 'system_oom', source: 'kubelet', pid: 16713, comm: 'Plex Media Server' });
    expect(rec('System OOM encountered')).toEqual({ kind: 'system_oom', source: 'kubelet', pid: null, comm: null });
    expect(rec(`"Container terminated" pod="ns/web-1" podUID="fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012" containerName="web" containerID="cri-o://${CID}" reason="OOMKilled"`)).toMatchObject({
      source: 'kubelet',
      container_id: CID,
      pod_uid: 'fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012',
      pod: 'ns/web-1',
      container_name: 'web',
    });
  });

  it('node-problem-detector OOMKilling event quoting the kernel line', () => {
    expect(
      rec('Warning OOMKilling Out of memory: Kill process 16711 (stress) score 205 or sacrifice child Killed process 16711 (stress), UID 0, total-vm:826516kB, anon-rss:819296kB, file-rss:0kB, shmem-rss:0kB'),
    ).toMatchObject({ kind: 'killed', source: 'npd', pid: 16711 });
  });
});

describe('cgroup paths', () => {
  it.each([
    [`/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012/${CID}`, 'fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012', CID, 'burstable'],
    [`/kubepods/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012/${CID}`, 'fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012', CID, 'guaranteed'],
    [`/kubepods.slice/kubepods-podfbdfe8e3_1c87_4ff2_907c_b2ec8e25d012.slice/crio-${CID}.scope`, 'fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012', CID, 'guaranteed'],
    [`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podfbdfe8e3_1c87_4ff2_907c_b2ec8e25d012.slice/cri-containerd-${CID}.scope`, 'fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012', CID, 'besteffort'],
    [`/kubepods/besteffort/pod0123456789abcdef0123456789abcdef/${CID}`, '0123456789abcdef0123456789abcdef', CID, 'besteffort'],
    [`/kubepods.slice/kubepods-podfbdfe8e3_1c87_4ff2_907c_b2ec8e25d012.slice/crio-conmon-${CID}.scope`, 'fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012', null, 'guaranteed'],
    [`/system.slice/docker-${CID}.scope`, null, CID, null],
    ['/system.slice/nginx.service', null, null, null],
  ])('%s', (path, pod_uid, container_id, qos_class) => {
    expect(identifyCgroup(path)).toMatchObject({ pod_uid, container_id, qos_class });
  });
});

describe('adversarial input is handled in linear time', () => {
  const MB = 1_000_000;
  it('1 MB lines through the recognizer', () => {
    expect(rec('Killed process 1 (' + '('.repeat(MB))).toBeNull();
    expect(rec('Killed process 1 (' + '('.repeat(MB) + ') total-vm:1kB, anon-rss:1kB, file-rss:1kB')).toBeNull();
    expect(rec('oom-kill:constraint=' + ',task='.repeat(MB / 6))).toBeNull();
    expect(rec('TaskOOM ' + 'container_id:'.repeat(MB / 13))).toBeNull();
    expect(rec('OOMKilled ' + 'pod='.repeat(MB / 4))).toBeNull();
    expect(rec('System OOM encountered, victim process: ' + ', pid: x'.repeat(MB / 9))).toEqual({ kind: 'system_oom', source: 'kubelet', pid: null, comm: null });
    expect(rec('x'.repeat(MB) + ' invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0')).toBeNull();
  });

  it('1 MB lines straight into the line parsers (no length cap in front)', () => {
    expect(killedLine('Killed process 1 (' + '('.repeat(MB), 0)).toBeNull();
    expect(killedLine('Killed process 1 (' + ') total-vm:'.repeat(MB / 11), 0)).toMatchObject({ pid: 1 });
    expect(summaryLine('oom-kill:constraint=' + ',oom_memcg='.repeat(MB / 11) + ',task=a,pid=1,uid=0', 0)).toMatchObject({ pid: 1, comm: 'a' });
    expect(triggerLine('(' .repeat(MB) + ' invoked oom-killer: ', 0)).toBeNull();
  });
});
