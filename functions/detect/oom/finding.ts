import { findingId } from '../finding-id.js';
import type { Finding, FindingSeverity } from '../types.js';
import type { Kill } from './group.js';
import { killFacts, type KillFacts } from './kill-facts.js';
import type { Observation } from './observation.js';
import { printable } from './scan.js';

/**
 * The incident identity: host, what names the kill (its victim pid, or the reporter's container,
 * unit or pod key) and the time of its first kernel line (the first line at all when no kernel
 * line was seen). Never arrival order.
 */
const ANCHOR_KINDS = new Set(['summary', 'killed', 'reaped', 'select']);

export function naturalId(host: string | null, kill: Kill): string {
  const anchor = kill.members.find((m) => m.s.source === 'kernel' && ANCHOR_KINDS.has(m.s.kind)) ?? kill.members[0];
  return findingId('oom_kill', host, kill.key, anchor.ts);
}

export function buildFinding(id: string, host: string | null, kill: Kill): Finding {
  const facts = killFacts(kill.members);
  const times = kill.members.map((m) => m.ts).sort();
  return {
    finding_id: id,
    type: 'oom_kill',
    severity: severityOf(facts),
    time: times[0],
    time_end: times[times.length - 1],
    host,
    cluster: kill.members.find((m) => m.cluster !== null)?.cluster ?? null,
    summary: summaryOf(host, facts),
    details: { ...facts },
    evidence: [...new Set(kill.members.map((m: Observation) => m.id))].sort(),
    remediation: remediationOf(facts),
    status: 'open',
    last_seen: times[times.length - 1],
  };
}

/** A global (node-wide) OOM endangers every workload on the node; a cgroup OOM is the cgroup's own limit. */
function severityOf(f: KillFacts): FindingSeverity {
  return f.constraint === 'memcg' || f.constraint === null ? 'warning' : 'critical';
}

function short(id: string): string {
  return id.slice(0, 12);
}

function summaryOf(host: string | null, f: KillFacts): string {
  let s = `OOM kill on ${host ?? 'unknown host'}: `;
  if (f.victim_pid !== null) s += `process ${f.victim_pid}${f.victim_comm !== null ? ` (${printable(f.victim_comm)})` : ''}`;
  else if (f.victim_comm !== null) s += `process ${printable(f.victim_comm)}`;
  else s += 'a process';
  if (f.pod_uid !== null) s += ` in pod ${f.pod_uid}${f.container_id !== null ? `/container ${short(f.container_id)}` : ''}`;
  else if (f.pod !== null) s += ` in pod ${printable(f.pod)}${f.container_name !== null ? `/container ${printable(f.container_name)}` : ''}`;
  else if (f.container_id !== null) s += ` in container ${short(f.container_id)}`;
  if (f.unit !== null && f.container_id === null) s += ` of unit ${printable(f.unit)}`;
  switch (f.constraint) {
    case 'memcg':
      s += f.oom_memcg !== null ? ` killed under memcg limit ${printable(f.oom_memcg)}` : ' killed under a memory cgroup limit';
      break;
    case 'global':
      s += ' killed by the global OOM killer (node out of memory)';
      break;
    case 'cpuset':
      s += ' killed under a cpuset memory constraint';
      break;
    case 'mempolicy':
      s += ' killed under a NUMA memory policy constraint';
      break;
    default:
      s += ' killed by the OOM killer';
  }
  if (f.trigger_comm !== null && f.trigger_comm !== f.victim_comm) s += `; triggered by ${printable(f.trigger_comm)}`;
  return s;
}

function remediationOf(f: KillFacts): string {
  switch (f.constraint) {
    case 'memcg':
      return (
        'The process exceeded the memory limit of its cgroup (oom_memcg). Compare the limit with the workload\'s real ' +
        'peak use (kubectl describe pod: Last State OOMKilled; kubectl top pod --containers): raise ' +
        'resources.limits.memory (or the unit\'s MemoryMax=) if the peak is legitimate, else fix the leak or cap the ' +
        'runtime\'s heap (e.g. JVM -XX:MaxRAMPercentage, GOMEMLIMIT) below the limit.'
      );
    case 'global':
      return (
        'The node itself ran out of memory and the kernel killed the process with the highest badness score. Check ' +
        'which workloads use more than they request (kubectl top pods on the node), set memory requests equal to real use ' +
        'and limits on every pod, and reserve memory for the system (kubelet --system-reserved/--kube-reserved, ' +
        '--eviction-hard memory.available) so the kubelet evicts before the kernel kills.'
      );
    case 'cpuset':
    case 'mempolicy':
      return (
        'The allocation was restricted to a subset of NUMA nodes (cpuset.mems or a memory policy) and those ran out. ' +
        'Check the cpuset/mempolicy of the workload (e.g. the kubelet topology or memory manager) or give it more nodes or memory.'
      );
    default:
      return (
        'A process was killed by the OOM killer. Look in the kernel log (journalctl -k) around this time for the ' +
        '"oom-kill:" line to tell a cgroup limit from node-wide memory exhaustion, then raise the limit or reduce use.'
      );
  }
}
