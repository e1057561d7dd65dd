import { identifyCgroup } from './cgroup-path.js';
import type { Observation } from './observation.js';
import type { OomConstraint, OomSignal, OomSource } from './signals.js';

/** Everything the lines of one kill say, merged: the finding's `details`. */
export interface KillFacts {
  victim_pid: number | null;
  victim_comm: string | null;
  constraint: OomConstraint | null;
  oom_memcg: string | null;
  task_memcg: string | null;
  pod_uid: string | null;
  container_id: string | null;
  qos_class: 'guaranteed' | 'burstable' | 'besteffort' | null;
  pod: string | null;
  container_name: string | null;
  unit: string | null;
  anon_rss_kb: number | null;
  total_vm_kb: number | null;
  oom_score_adj: number | null;
  uid: number | null;
  memcg_usage_kb: number | null;
  memcg_limit_kb: number | null;
  trigger_comm: string | null;
  trigger_pid: number | null;
  reporters: OomSource[];
}

type Of<K extends OomSignal['kind']> = Extract<OomSignal, { kind: K }>;

/** The first member of each kind, in time order (members are sorted). */
function firstOf<K extends OomSignal['kind']>(members: Observation[], kind: K): Of<K> | null {
  for (const m of members) if (m.s.kind === kind) return m.s as Of<K>;
  return null;
}

/** Victim facts: the `Killed process` line is the kill itself, then the summary, then the rest. */
export function killFacts(members: Observation[]): KillFacts {
  const killed = firstOf(members, 'killed');
  const summary = firstOf(members, 'summary');
  const select = firstOf(members, 'select');
  const reaped = firstOf(members, 'reaped');
  const systemOom = firstOf(members, 'system_oom');
  const legacy = firstOf(members, 'legacy_memcg');
  const usage = firstOf(members, 'memcg_usage');
  const trigger = firstOf(members, 'trigger');
  const triggerPid = firstOf(members, 'trigger_pid');
  const reports = members.filter((m) => m.s.kind === 'container_oom').map((m) => m.s as Of<'container_oom'>);

  const oom_memcg = summary?.oom_memcg ?? legacy?.oom_memcg ?? null;
  const task_memcg = summary?.task_memcg ?? legacy?.task_memcg ?? null;
  const task = identifyCgroup(task_memcg);
  const limit = identifyCgroup(oom_memcg);
  const pick = <T>(get: (r: Of<'container_oom'>) => T | null): T | null => {
    for (const r of reports) {
      const v = get(r);
      if (v !== null) return v;
    }
    return null;
  };
  const constraint =
    summary?.constraint ?? killed?.constraint ?? select?.constraint ?? (legacy !== null || usage !== null ? 'memcg' : null);
  const victim_pid = killed?.pid ?? summary?.pid ?? select?.pid ?? reaped?.pid ?? systemOom?.pid ?? null;
  return {
    victim_pid,
    victim_comm: killed?.comm ?? summary?.comm ?? select?.comm ?? reaped?.comm ?? systemOom?.comm ?? null,
    constraint,
    oom_memcg,
    task_memcg,
    pod_uid: task.pod_uid ?? limit.pod_uid ?? pick((r) => r.pod_uid),
    container_id: task.container_id ?? pick((r) => r.container_id),
    qos_class: task.qos_class ?? limit.qos_class,
    pod: pick((r) => r.pod),
    container_name: pick((r) => r.container_name),
    unit: pick((r) => (r.source === 'systemd' ? r.unit : null)) ?? (task.unit?.endsWith('.service') ? task.unit : null),
    anon_rss_kb: killed?.anon_rss_kb ?? null,
    total_vm_kb: killed?.total_vm_kb ?? null,
    oom_score_adj: killed?.oom_score_adj ?? null,
    // Before 5.1 the summary may name the chosen parent, not the child that was killed.
    uid: killed?.uid ?? (summary?.pid === victim_pid ? summary.uid : null),
    memcg_usage_kb: constraint === 'memcg' ? (usage?.usage_kb ?? null) : null,
    memcg_limit_kb: constraint === 'memcg' ? (usage?.limit_kb ?? null) : null,
    trigger_comm: trigger?.comm ?? null,
    trigger_pid: trigger !== null && triggerPid !== null ? triggerPid.pid : null,
    reporters: [...new Set(members.map((m) => m.s.source))].sort(),
  };
}

/** What a reporter line can be matched on: the cgroup identity of the kill. */
export interface KillKeys {
  container_id: string | null;
  pod_uid: string | null;
  unit: string | null;
  constraint: OomConstraint | null;
}

export function killKeys(members: Observation[]): KillKeys {
  const summary = firstOf(members, 'summary');
  const legacy = firstOf(members, 'legacy_memcg');
  const task = identifyCgroup(summary?.task_memcg ?? legacy?.task_memcg ?? null);
  const limit = identifyCgroup(summary?.oom_memcg ?? legacy?.oom_memcg ?? null);
  const facts = killFacts(members);
  return { container_id: task.container_id, pod_uid: task.pod_uid ?? limit.pod_uid, unit: task.unit, constraint: facts.constraint };
}
