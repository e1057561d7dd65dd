import { killKeys, type KillKeys } from './kill-facts.js';
import { compareObservations, type Observation } from './observation.js';
import type { ContainerOomSignal, SystemOomSignal } from './signals.js';

/** The lines of one kill on one host. */
export interface Kill {
  /** What names the kill: `pid:<n>` for kills seen by the kernel (or with a pid), else the reporter's key. */
  key: string;
  members: Observation[];
  startUs: number;
  endUs: number;
}

/** Lines of the kernel's report that come before the kill and carry no victim pid. */
type HeaderKind = 'trigger' | 'trigger_pid' | 'legacy_memcg' | 'memcg_usage' | 'select';

interface Building extends Kill {
  first: Observation;
  kernel: boolean;
  headers: Partial<Record<HeaderKind, Observation>>;
  keys?: KillKeys;
}

/**
 * Groups one host's observations into kills; a pure function of the set, so duplicates and
 * arrival order (beyond ties in event time) do not change the result.
 *  1. Lines with a victim pid (`oom-kill:`, `Killed process`, oom_reaper, kubelet SystemOOM with
 *     pid) group by pid; a gap over the window starts a new kill.
 *  2. `Kill process N … score` joins the kill of pid N, else (a child was sacrificed) it is a
 *     header of the next kill. On 4.19–5.0 the `oom-kill:` line names the chosen parent too:
 *     a chosen-but-not-killed pid merges into the child's `Killed process` that follows it.
 *  3. Headers (trigger, its dump_stack pid, `Task in`, `memory: usage`) attach to the next kill
 *     within the window (the one they precede), else to the latest one within the window.
 *  4. Reports naming a container, pod or unit join the nearest kill within the window with the
 *     same container id, pod uid or unit; the rest group by their own key.
 */
export function groupKills(all: readonly Observation[], windowUs: number): Kill[] {
  const obs = [...all].sort(compareObservations);
  const kills: Building[] = [];
  const byPid = new Map<number, Building[]>();
  const headers: Observation[] = [];
  const selects: Observation[] = [];
  const reports: Observation[] = [];

  const startKill = (key: string, o: Observation): Building => {
    const k: Building = { key, members: [o], startUs: o.t, endUs: o.t, first: o, kernel: o.s.source === 'kernel', headers: {} };
    kills.push(k);
    return k;
  };
  const add = (k: Building, o: Observation): void => {
    k.members.push(o);
    if (o.t < k.startUs) k.startUs = o.t;
    if (o.t > k.endUs) k.endUs = o.t;
    if (compareObservations(o, k.first) < 0) k.first = o;
    if (o.s.source === 'kernel') k.kernel = true;
  };
  const joinPid = (pid: number, o: Observation): void => {
    const list = byPid.get(pid) ?? [];
    const last = list[list.length - 1];
    if (last && o.t - last.endUs <= windowUs) add(last, o);
    else {
      list.push(startKill(`pid:${pid}`, o));
      byPid.set(pid, list);
    }
  };

  for (const o of obs) {
    const s = o.s;
    if (s.kind === 'summary' || s.kind === 'killed' || s.kind === 'reaped') joinPid(s.pid, o);
    else if (s.kind === 'system_oom' && s.pid !== null) joinPid(s.pid, o);
    else if (s.kind === 'select') selects.push(o);
    else if (s.kind === 'container_oom' || s.kind === 'system_oom') reports.push(o);
    else headers.push(o);
  }

  for (const o of selects) {
    const pid = (o.s as { pid: number }).pid;
    const own = killAround(byPid.get(pid), o.t, windowUs);
    if (own) add(own, o);
    else headers.push(o);
  }
  mergeSacrificedChildren(kills, byPid, windowUs, add);
  headers.sort(compareObservations);
  const kernelKills = kills.filter((k) => k.kernel).sort((a, b) => compareObservations(a.first, b.first));
  for (const h of headers) {
    const kind = h.s.kind as HeaderKind;
    const next = nextKill(kernelKills, h, windowUs);
    if (next) {
      next.headers[kind] = h; // the latest header before the kill wins
      continue;
    }
    const prev = lastKillBefore(kernelKills, h, windowUs);
    if (prev && !prev.headers[kind]) prev.headers[kind] = h;
    else if (!prev && h.s.kind === 'select') joinPid(h.s.pid, h); // chosen, no kill line seen: still a kill
  }
  for (const k of kernelKills) {
    const trigger = k.headers.trigger;
    const tp = k.headers.trigger_pid;
    // A dump_stack header belongs to the trigger only when it names the same task.
    if (tp && !(trigger && tp.s.kind === 'trigger_pid' && trigger.s.kind === 'trigger' && tp.s.comm_text.startsWith(trigger.s.comm + ' '))) {
      delete k.headers.trigger_pid;
    }
    for (const h of Object.values(k.headers)) add(k, h);
  }

  const loose: Building[] = [];
  for (const r of reports) {
    const target = bestMatch(kills, r, windowUs);
    if (target) add(target, r);
    else {
      const key = reportKey(r.s as ContainerOomSignal | SystemOomSignal);
      const open = openLoose(loose, key, r.t, windowUs);
      if (open) add(open, r);
      else loose.push(startKill(key, r));
    }
  }

  for (const k of kills) k.members.sort(compareObservations);
  return kills.map(({ key, members, startUs, endUs }) => ({ key, members, startUs, endUs }));
}

// Searches as loops, not callbacks: a closure made per call (per header line here) loses its
// optimized code at each full GC and is compiled again.

/** The kill in `list` whose span, widened by the window, holds time `t`. */
function killAround(list: readonly Building[] | undefined, t: number, windowUs: number): Building | undefined {
  if (list === undefined) return undefined;
  for (const k of list) if (t >= k.startUs - windowUs && t <= k.endUs + windowUs) return k;
  return undefined;
}

/** The first kill (in order) that header `h` precedes by at most the window. */
function nextKill(kills: readonly Building[], h: Observation, windowUs: number): Building | undefined {
  for (const k of kills) if (compareObservations(h, k.first) < 0 && k.startUs - h.t <= windowUs) return k;
  return undefined;
}

/** The last kill (in order) that started before header `h` and ended at most the window before it. */
function lastKillBefore(kills: readonly Building[], h: Observation, windowUs: number): Building | undefined {
  for (let i = kills.length - 1; i >= 0; i--) {
    const k = kills[i];
    if (h.t - k.endUs <= windowUs && h.t >= k.startUs) return k;
  }
  return undefined;
}

/** A report group under `key` that a report at `t` still joins. */
function openLoose(loose: readonly Building[], key: string, t: number, windowUs: number): Building | undefined {
  for (const k of loose) if (k.key === key && t - k.endUs <= windowUs) return k;
  return undefined;
}

/**
 * Before 5.1 the kernel could choose task N (`oom-kill:…pid=N`, `Kill process N`) and then kill
 * its child M instead (`Killed process M`): one kill, two pids. A pid group with no kill line of
 * its own merges into the next kill within the window that has a kill line and no chosen-task line.
 */
function mergeSacrificedChildren(kills: Building[], byPid: Map<number, Building[]>, windowUs: number, add: (k: Building, o: Observation) => void): void {
  const has = (k: Building, kind: string): boolean => k.members.some((m) => m.s.kind === kind);
  const ordered = [...kills].sort((a, b) => compareObservations(a.first, b.first));
  for (const [i, chosen] of ordered.entries()) {
    if (has(chosen, 'killed') || has(chosen, 'reaped') || !chosen.kernel) continue;
    const child = ordered
      .slice(i + 1)
      .find((k) => k.startUs - chosen.endUs <= windowUs && has(k, 'killed') && !has(k, 'summary') && !has(k, 'select'));
    if (!child) continue;
    for (const m of chosen.members) add(child, m);
    kills.splice(kills.indexOf(chosen), 1);
    const pid = Number(chosen.key.slice(4));
    byPid.set(pid, (byPid.get(pid) ?? []).filter((k) => k !== chosen));
  }
}

/** The kill nearest in time, within the window, that this report names. */
function bestMatch(kills: Building[], r: Observation, windowUs: number): Building | null {
  let best: Building | null = null;
  let bestGap = Infinity;
  for (const k of kills) {
    if (!k.key.startsWith('pid:')) continue;
    if (r.t < k.startUs - windowUs || r.t > k.endUs + windowUs) continue;
    k.keys ??= killKeys(k.members);
    if (!names(k.keys, r.s as ContainerOomSignal | SystemOomSignal)) continue;
    const gap = r.t < k.startUs ? k.startUs - r.t : r.t > k.endUs ? r.t - k.endUs : 0;
    if (gap < bestGap) {
      best = k;
      bestGap = gap;
    }
  }
  return best;
}

function names(keys: KillKeys, s: ContainerOomSignal | SystemOomSignal): boolean {
  if (s.kind === 'system_oom') return keys.constraint === 'global' || keys.constraint === null;
  if (s.container_id !== null) return keys.container_id === s.container_id;
  if (s.unit !== null && keys.unit === s.unit) return true;
  return s.pod_uid !== null && keys.pod_uid === s.pod_uid;
}

function reportKey(s: ContainerOomSignal | SystemOomSignal): string {
  if (s.kind === 'system_oom') return 'system';
  if (s.container_id !== null) return `container:${s.container_id}`;
  if (s.unit !== null) return `unit:${s.unit}`;
  if (s.pod_uid !== null) return `pod_uid:${s.pod_uid}`;
  return `pod:${s.pod ?? ''}/${s.container_name ?? ''}`;
}
