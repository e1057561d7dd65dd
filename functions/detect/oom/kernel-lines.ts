import { digitsEnd, MAX_COMM, numberAfter, pidAndComm, uintAt } from './scan.js';
import type {
  KilledSignal,
  LegacyMemcgSignal,
  MemcgUsageSignal,
  OomConstraint,
  ReapedSignal,
  SelectSignal,
  SummarySignal,
  TriggerPidSignal,
  TriggerSignal,
} from './signals.js';

/*
 * Recognizers for the kernel's OOM-killer lines (mm/oom_kill.c, mm/memcontrol.c, 3.x to 6.x).
 * Each takes the message and where the kernel text starts (after any `kernel: ` / dmesg stamp).
 */

const KILLED = 'Killed process ';
const KILL = 'Kill process ';
const MEMCG_MESSAGE = 'Memory cgroup out of memory';
const GLOBAL_MESSAGE = 'Out of memory';

/**
 * The `message` argument __oom_kill_process / oom_kill_process print before `: Kill[ed] process`:
 * "Memory cgroup out of memory" for a memcg OOM, "Out of memory" (or "Out of memory
 * (oom_kill_allocating_task)") for the page allocator's OOM, which is global unless an
 * `oom-kill:` line says cpuset or mempolicy.
 */
function constraintBefore(s: string, keywordAt: number, base: number): OomConstraint | null {
  const head = s.slice(Math.max(base, keywordAt - 64), keywordAt);
  if (head.endsWith(MEMCG_MESSAGE + ': ')) return 'memcg';
  if (head.endsWith(GLOBAL_MESSAGE + ': ') || head.endsWith('(oom_kill_allocating_task): ')) return 'global';
  return null;
}

/** `Killed process N (comm) total-vm:…kB, anon-rss:…kB, file-rss:…kB[, shmem-rss:…kB][, UID:N pgtables:…kB oom_score_adj:N]`, also `(comm), UID N, total-vm:…`. */
export function killedLine(s: string, base: number): Omit<KilledSignal, 'source'> | null {
  const k = s.indexOf(KILLED, base);
  if (k < 0) return null;
  const at = k + KILLED.length;
  const parsed = pidAndComm(s, at, ') total-vm:') ?? pidAndComm(s, at, '), UID ');
  if (!parsed) return null;
  const from = parsed.end - 12;
  const to = Math.min(s.length, parsed.end + 256);
  return {
    kind: 'killed',
    pid: parsed.pid,
    comm: parsed.comm,
    constraint: constraintBefore(s, k, base),
    total_vm_kb: numberAfter(s, 'total-vm:', from, to),
    anon_rss_kb: numberAfter(s, 'anon-rss:', from, to),
    file_rss_kb: numberAfter(s, 'file-rss:', from, to),
    shmem_rss_kb: numberAfter(s, 'shmem-rss:', from, to),
    uid: numberAfter(s, 'UID:', from, to) ?? numberAfter(s, 'UID ', from, to),
    oom_score_adj: numberAfter(s, 'oom_score_adj:', from, to),
  };
}

/** `<message>: Kill process N (comm) score N or sacrifice child` (kernels before 5.1). */
export function selectLine(s: string, base: number): Omit<SelectSignal, 'source'> | null {
  const k = s.indexOf(KILL, base);
  if (k < 0) return null;
  const parsed = pidAndComm(s, k + KILL.length, ') score ');
  if (!parsed) return null;
  return { kind: 'select', pid: parsed.pid, comm: parsed.comm, constraint: constraintBefore(s, k, base) };
}

const CONSTRAINTS: Record<string, OomConstraint> = {
  CONSTRAINT_NONE: 'global',
  CONSTRAINT_MEMCG: 'memcg',
  CONSTRAINT_CPUSET: 'cpuset',
  CONSTRAINT_MEMORY_POLICY: 'mempolicy',
};

/** Keys the `oom-kill:` line may hold, in any order across versions; a value runs to the next one. */
const SUMMARY_KEYS = [',nodemask=', ',cpuset=', ',mems_allowed=', ',oom_memcg=', ',global_oom', ',task_memcg='];

/**
 * `oom-kill:constraint=C,nodemask=N,cpuset=X,mems_allowed=M,oom_memcg=P|global_oom,task_memcg=Q,task=comm,pid=N,uid=N`
 * (4.19+; the cpuset and memcg parts have swapped places between versions, and early 4.19 padded pid/uid).
 * task/pid/uid come last and are read from the end, since comm and cgroup names may hold commas.
 */
export function summaryLine(s: string, base: number): SummarySignal | null {
  const k = s.indexOf('oom-kill:constraint=', base);
  if (k < 0) return null;
  const end = lineEnd(s, k);
  const uidAt = s.lastIndexOf(',uid=', end);
  const pidAt = s.lastIndexOf(',pid=', uidAt < 0 ? end : uidAt);
  if (pidAt < k) return null;
  const taskAt = s.lastIndexOf(',task=', pidAt);
  if (taskAt < k || pidAt - taskAt - 6 > MAX_COMM) return null;
  const pid = uintAt(s, skipSpaces(s, pidAt + 5));
  if (pid < 0) return null;
  const uid = uidAt > pidAt ? uintAt(s, skipSpaces(s, uidAt + 5)) : -1;
  const valueOf = (key: string): string | null => {
    const at = s.indexOf(key, k);
    if (at < 0 || at > taskAt) return null;
    const from = at + key.length;
    let to = taskAt;
    for (const other of SUMMARY_KEYS) {
      const o = s.indexOf(other, from);
      if (o >= 0 && o < to) to = o;
    }
    return s.slice(from, to);
  };
  const constraintEnd = s.indexOf(',', k);
  const constraintText = s.slice(k + 20, constraintEnd < 0 || constraintEnd > taskAt ? taskAt : constraintEnd);
  const globalOom = valueOf(',global_oom') !== null;
  return {
    kind: 'summary',
    source: 'kernel',
    pid,
    comm: s.slice(taskAt + 6, pidAt),
    constraint: CONSTRAINTS[constraintText] ?? (globalOom ? 'global' : null),
    oom_memcg: valueOf(',oom_memcg='),
    task_memcg: valueOf(',task_memcg='),
    uid: uid < 0 ? null : uid,
  };
}

function lineEnd(s: string, from: number): number {
  let end = s.indexOf('\n', from);
  if (end < 0) end = s.length;
  while (end > from && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 13)) end--;
  return end;
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/** `oom_reaper: reaped process N (comm), now anon-rss:…` and `oom_reaper: unable to reap pid:N (comm)`. */
export function reapedLine(s: string, base: number): ReapedSignal | null {
  const k = s.indexOf('oom_reaper: ', base);
  if (k < 0) return null;
  const at = k + 12;
  let parsed: { pid: number; comm: string } | null = null;
  if (s.startsWith('reaped process ', at)) parsed = pidAndComm(s, at + 15, '), now ');
  else if (s.startsWith('unable to reap pid:', at)) parsed = pidAndComm(s, at + 19, ')');
  return parsed ? { kind: 'reaped', source: 'kernel', pid: parsed.pid, comm: parsed.comm } : null;
}

/** `<comm> invoked oom-killer: gfp_mask=…, [nodemask=…, ]order=N, [oom_adj=N, ]oom_score_adj=N`. */
export function triggerLine(s: string, base: number): TriggerSignal | null {
  const k = s.indexOf(' invoked oom-killer: ', base);
  if (k <= base || k - base > MAX_COMM) return null;
  const order = numberAfter(s, ', order=', k, k + 200);
  return { kind: 'trigger', source: 'kernel', comm: s.slice(base, k), order: order !== null && order >= 0 ? order : null };
}

/** `CPU: N [UID: N ]PID: N Comm: <comm> …`, the dump_stack header printed after the trigger line. */
export function triggerPidLine(s: string, base: number): TriggerPidSignal | null {
  if (!s.startsWith('CPU: ', base)) return null;
  const p = s.indexOf(' PID: ', base + 5);
  if (p < 0 || p > base + 40) return null;
  const pid = uintAt(s, p + 6);
  const c = digitsEnd(s, p + 6);
  if (pid < 0 || !s.startsWith(' Comm: ', c)) return null;
  return { kind: 'trigger_pid', source: 'kernel', pid, comm_text: s.slice(c + 7, c + 7 + 40) };
}

/** `Task in <task_memcg> killed as a result of limit of <oom_memcg>` (memcg OOM, before 4.19). */
export function legacyMemcgLine(s: string, base: number): LegacyMemcgSignal | null {
  if (!s.startsWith('Task in ', base)) return null;
  const k = s.indexOf(' killed as a result of limit of ', base + 8);
  if (k < 0) return null;
  return { kind: 'legacy_memcg', source: 'kernel', task_memcg: s.slice(base + 8, k), oom_memcg: s.slice(k + 32, lineEnd(s, k)) };
}

/** `memory: usage NkB, limit NkB, failcnt N`, the memcg header of a memcg OOM report. */
export function memcgUsageLine(s: string, base: number): MemcgUsageSignal | null {
  if (!s.startsWith('memory: usage ', base)) return null;
  const usage = uintAt(s, base + 14);
  const limitAt = s.indexOf('kB, limit ', base + 14);
  if (usage < 0 || limitAt < 0 || limitAt > base + 40) return null;
  const limit = uintAt(s, limitAt + 10);
  return limit < 0 ? null : { kind: 'memcg_usage', source: 'kernel', usage_kb: usage, limit_kb: limit };
}

