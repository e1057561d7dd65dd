import { describe, expect, it } from 'vitest';
import { recordFromMessage } from '../../support/records.js';
import { checkFindings, detect, kernelRecord } from '../oom/support.js';

// Issue 15: a kernel OOM kill, containerd's TaskOOM event and the kubelet's OOM event about the
// same kill are one incident. The oom detector (functions/detect/oom/) merges them; these are the
// programs' own texts for a kill the node's memory ran out for (global OOM on 5.x), and for a
// kill under the container's limit.
const CID = '9192cb33411ff69d015a3577db136757f5b145064a1703efea3d0e12e8a64987';
const POD = 'a3c1e2f4-5b6d-4e7f-8091-a2b3c4d5e6f7';
const SCOPE = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD.replaceAll('-', '_')}.slice/cri-containerd-${CID}.scope`;

function journal(app: string, message: string, time: string, i: number) {
  return recordFromMessage(message, { time, app, transport: 'stdout', unit: `${app}.service`, host: 'node-1', identity: `oom-one:${app}:${i}` });
}

describe('one OOM incident across kernel, containerd and kubelet', () => {
  it('global OOM (kernel 5.10 oom-kill line) + containerd 1.6 TaskOOM + kubelet SystemOOM event: one finding', async () => {
    const records = [
      kernelRecord('stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=1000', '2026-11-26T10:00:01.000001Z', 'k1'),
      kernelRecord(
        `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=cri-containerd-${CID}.scope,mems_allowed=0,global_oom,task_memcg=${SCOPE},task=stress,pid=4321,uid=0`,
        '2026-11-26T10:00:01.000002Z',
        'k2',
      ),
      kernelRecord('Out of memory: Killed process 4321 (stress) total-vm:1056384kB, anon-rss:1048704kB, file-rss:1280kB, shmem-rss:0kB, UID:0 pgtables:2104kB oom_score_adj:1000', '2026-11-26T10:00:01.000003Z', 'k3'),
      journal('containerd', `time="2026-11-26T10:00:01.300000000Z" level=info msg="TaskOOM event &TaskOOM{ContainerID:${CID},XXX_unrecognized:[],}"`, '2026-11-26T10:00:01.300000Z', 1),
      journal(
        'kubelet',
        'I1126 10:00:02.100000    2101 event.go:307] "Event occurred" object="node-1" fieldPath="" kind="Node" apiVersion="" type="Warning" reason="SystemOOM" message="System OOM encountered, victim process: stress, pid: 4321"',
        '2026-11-26T10:00:02.100000Z',
        2,
      ),
    ];
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ victim_pid: 4321, constraint: 'global', container_id: CID, pod_uid: POD, reporters: ['containerd', 'kernel', 'kubelet'] });
    expect(findings[0].evidence).toHaveLength(5);
  });

  it('memcg kill + containerd 1.7 TaskOOM (logrus, escaped quotes) + kubelet OOMKilled container status: one finding', async () => {
    const records = [
      kernelRecord(
        `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${CID}.scope,mems_allowed=0,oom_memcg=${SCOPE},task_memcg=${SCOPE},task=java,pid=5150,uid=1000`,
        '2026-11-26T11:00:00.000001Z',
        'm1',
      ),
      kernelRecord('Memory cgroup out of memory: Killed process 5150 (java) total-vm:4938268kB, anon-rss:520000kB, file-rss:4288kB, shmem-rss:0kB, UID:1000 pgtables:1368kB oom_score_adj:1000', '2026-11-26T11:00:00.000002Z', 'm2'),
      journal('containerd', `time="2026-11-26T11:00:00.210000000Z" level=info msg="TaskOOM event container_id:\\"${CID}\\""`, '2026-11-26T11:00:00.210000Z', 3),
      journal(
        'kubelet',
        `I1126 11:00:01.000000    2101 kuberuntime_container.go:809] "Container terminated" pod="shop/checkout-7d9f8b6c5-x2v4q" podUID="${POD}" containerName="checkout" containerID="containerd://${CID}" reason="OOMKilled" exitCode=137`,
        '2026-11-26T11:00:01.000000Z',
        4,
      ),
    ];
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ victim_pid: 5150, constraint: 'memcg', container_id: CID, reporters: ['containerd', 'kernel', 'kubelet'] });
  });
});
