/**
 * What one log line tells about an OOM kill. Recognizers turn a message into one of these;
 * the aggregator groups them into kills. Field names follow the finding's `details`.
 */

/** The kernel's oom_constraint, as logsift names it. */
export type OomConstraint = 'global' | 'memcg' | 'cpuset' | 'mempolicy';

/** Who wrote the line. */
export type OomSource = 'kernel' | 'systemd' | 'containerd' | 'kubelet' | 'npd';

/** `<comm> invoked oom-killer: gfp_mask=…, order=N, oom_score_adj=N`: the allocating task. */
export interface TriggerSignal {
  kind: 'trigger';
  source: 'kernel';
  comm: string;
  order: number | null;
}

/** `CPU: N PID: N Comm: <comm> …` (dump_stack header): gives the trigger's pid. */
export interface TriggerPidSignal {
  kind: 'trigger_pid';
  source: 'kernel';
  pid: number;
  /** The text after `Comm: `, cut to a few dozen characters; compared by prefix with the trigger comm. */
  comm_text: string;
}

/** `Task in <task_memcg> killed as a result of limit of <oom_memcg>` (kernels before 4.19). */
export interface LegacyMemcgSignal {
  kind: 'legacy_memcg';
  source: 'kernel';
  task_memcg: string;
  oom_memcg: string;
}

/** `memory: usage NkB, limit NkB, failcnt N`: the memcg that hit its limit. */
export interface MemcgUsageSignal {
  kind: 'memcg_usage';
  source: 'kernel';
  usage_kb: number;
  limit_kb: number;
}

/** `<message>: Kill process N (comm) score N or sacrifice child` (before 5.1): the chosen task. */
export interface SelectSignal {
  kind: 'select';
  source: 'kernel' | 'npd';
  pid: number;
  comm: string;
  constraint: OomConstraint | null;
}

/** `oom-kill:constraint=…,oom_memcg=…|global_oom,task_memcg=…,task=…,pid=…,uid=…` (4.19+). */
export interface SummarySignal {
  kind: 'summary';
  source: 'kernel';
  pid: number;
  comm: string;
  constraint: OomConstraint | null;
  oom_memcg: string | null;
  task_memcg: string | null;
  uid: number | null;
}

/** `[<message>: ]Killed process N (comm) total-vm:…kB, anon-rss:…kB, …`: the kill itself. */
export interface KilledSignal {
  kind: 'killed';
  source: 'kernel' | 'npd';
  pid: number;
  comm: string;
  constraint: OomConstraint | null;
  total_vm_kb: number | null;
  anon_rss_kb: number | null;
  file_rss_kb: number | null;
  shmem_rss_kb: number | null;
  uid: number | null;
  oom_score_adj: number | null;
}

/** `oom_reaper: reaped process N (comm), now anon-rss:…` or `oom_reaper: unable to reap pid:N (comm)`. */
export interface ReapedSignal {
  kind: 'reaped';
  source: 'kernel';
  pid: number;
  comm: string;
}

/** kubelet `System OOM encountered, victim process: X, pid: N`. */
export interface SystemOomSignal {
  kind: 'system_oom';
  source: 'kubelet';
  pid: number | null;
  comm: string | null;
}

/**
 * A report naming a container, pod or unit rather than a pid: containerd `TaskOOM`, kubelet
 * `OOMKilled`, systemd `A process of this unit has been killed by the OOM killer.` /
 * `Failed with result 'oom-kill'.`
 */
export interface ContainerOomSignal {
  kind: 'container_oom';
  source: 'containerd' | 'kubelet' | 'systemd';
  container_id: string | null;
  pod_uid: string | null;
  /** `namespace/name` when the reporter names the pod. */
  pod: string | null;
  container_name: string | null;
  unit: string | null;
}

export type OomSignal =
  | TriggerSignal
  | TriggerPidSignal
  | LegacyMemcgSignal
  | MemcgUsageSignal
  | SelectSignal
  | SummarySignal
  | KilledSignal
  | ReapedSignal
  | SystemOomSignal
  | ContainerOomSignal;
