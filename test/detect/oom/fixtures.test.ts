import { describe, expect, it } from 'vitest';
import { checkFindings, detect } from './support.js';
import { fixtureRecords } from './fixtures.js';

const CID = '3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899';

describe('oom detector on kernel 4.19–6.x, systemd, containerd and kubelet lines', () => {
  it('kernel 6.x memcg kill in a systemd-slice pod: one finding merging containerd, systemd and kubelet', async () => {
    const records = fixtureRecords('kernel6-memcg-k8s.jsonl');
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.severity).toBe('warning');
    expect(f.details).toMatchObject({
      victim_pid: 4321,
      victim_comm: 'java',
      constraint: 'memcg',
      pod_uid: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
      container_id: CID,
      qos_class: 'burstable',
      pod: 'shop/checkout-7d9f8b6c5-x2v4q',
      container_name: 'checkout',
      unit: `cri-containerd-${CID}.scope`,
      anon_rss_kb: 520000,
      total_vm_kb: 4938268,
      oom_score_adj: 999,
      uid: 1000,
      memcg_usage_kb: 524288,
      memcg_limit_kb: 524288,
      trigger_comm: 'java',
      trigger_pid: 4321,
      reporters: ['containerd', 'kernel', 'kubelet', 'systemd'],
    });
    expect(f.details.task_memcg).toMatch(/cri-containerd-3f4e.*\.scope$/);
    // invoked, CPU, memory: usage, oom-kill:, Killed, systemd, containerd, kubelet OOMKilled; not swap/stats/task table/PLEG.
    expect(f.evidence).toHaveLength(8);
    expect(f.time).toBe('2026-11-26T10:00:01.100001Z');
    expect(f.time_end).toBe('2026-11-26T10:00:02.600000Z');
    expect(f.summary).toBe(
      'OOM kill on node-1: process 4321 (java) in pod 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d/container 3f4e5d6c7b8a killed under memcg limit ' +
        f.details.oom_memcg,
    );
  });

  it('kernel 6.x global_oom line: critical, systemd unit and kubelet SystemOOM merged', async () => {
    const records = fixtureRecords('kernel6-global.jsonl');
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.severity).toBe('critical');
    expect(f.details).toMatchObject({
      victim_pid: 2211,
      victim_comm: 'postgres',
      constraint: 'global',
      oom_memcg: null,
      task_memcg: '/system.slice/postgresql.service',
      pod_uid: null,
      container_id: null,
      qos_class: null,
      unit: 'postgresql.service',
      trigger_comm: 'node',
      trigger_pid: 999,
      reporters: ['kernel', 'kubelet', 'systemd'],
    });
    expect(f.evidence).toHaveLength(8); // all but Mem-Info
    expect(f.summary).toBe('OOM kill on node-1: process 2211 (postgres) of unit postgresql.service killed by the global OOM killer (node out of memory); triggered by node');
    expect(f.remediation).toContain('node itself ran out of memory');
  });

  it('kernel 4.19 sacrificed child: the chosen parent and the killed child are one kill', async () => {
    const records = fixtureRecords('kernel419-sacrificed-child.jsonl');
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({
      victim_pid: 7010,
      victim_comm: 'stress (worker)',
      constraint: 'memcg',
      oom_memcg: '/kubepods/besteffort/pod0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
      pod_uid: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
      container_id: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      qos_class: 'besteffort',
      uid: null,
      trigger_comm: 'bash',
      trigger_pid: 7001,
    });
    expect(findings[0].evidence).toHaveLength(8); // all but the `cpuset=` line
  });

  it('page allocation failures are not OOM kills', async () => {
    const records = fixtureRecords('page-allocation-failure.jsonl');
    expect(await detect(records)).toEqual([]);
  });

  it('reports without kernel lines: containerd and systemd of one container merge; an unmatched unit stands alone', async () => {
    const records = fixtureRecords('reporters-only.jsonl');
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(2);
    const [container, unit] = findings;
    expect(container.details).toMatchObject({
      victim_pid: null,
      constraint: null,
      container_id: 'aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233',
      reporters: ['containerd', 'systemd'],
    });
    expect(container.severity).toBe('warning');
    expect(container.evidence).toHaveLength(2);
    expect(unit.details).toMatchObject({ unit: 'backup.service', reporters: ['systemd'], container_id: null });
    expect(unit.summary).toBe('OOM kill on node-1: a process of unit backup.service killed by the OOM killer');
  });

  it('the same kill on two hosts is two findings', async () => {
    const records = [...fixtureRecords('kernel6-global.jsonl', 'node-1'), ...fixtureRecords('kernel6-global.jsonl', 'node-2').map((r) => ({ ...r, event_id: r.event_id.replace(/^./, 'f') }))];
    const findings = await detect(records);
    expect(findings.map((f) => f.host).sort()).toEqual(['node-1', 'node-2']);
  });
});
