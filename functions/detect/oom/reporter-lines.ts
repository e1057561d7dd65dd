import type { LogRecord } from '../../shared/record.js';
import { identifyCgroup } from './cgroup-path.js';
import { MAX_COMM, uintAt } from './scan.js';
import type { ContainerOomSignal, SystemOomSignal } from './signals.js';

/*
 * Recognizers for what user space says about an OOM kill: systemd (src/core/unit.c,
 * service.c), containerd's CRI plugin (`TaskOOM event %+v`) and the kubelet (SystemOOM event,
 * OOMKilled container status).
 */

const SYSTEMD_KILLED = 'A process of this unit has been killed by the OOM killer.';
const SYSTEMD_FAILED = "Failed with result 'oom-kill'";

/**
 * `<unit>: A process of this unit has been killed by the OOM killer.` and
 * `<unit>: Failed with result 'oom-kill'.` systemd prefixes the unit name; without it the unit
 * comes from the entry's UNIT / USER_UNIT fields.
 */
export function systemdLine(s: string, record: LogRecord): ContainerOomSignal | null {
  let k = s.indexOf(SYSTEMD_KILLED);
  if (k < 0) k = s.indexOf(SYSTEMD_FAILED);
  if (k < 0) return null;
  const unit = unitBefore(s, k) ?? record.fields.UNIT ?? record.fields.USER_UNIT ?? (record.unit !== 'init.scope' ? record.unit : null) ?? null;
  const id = identifyCgroup(unit);
  return { kind: 'container_oom', source: 'systemd', container_id: id.container_id, pod_uid: id.pod_uid, pod: null, container_name: null, unit };
}

/** The `name.type` token right before `: ` at k, if any. */
function unitBefore(s: string, k: number): string | null {
  if (k < 3 || s.charCodeAt(k - 1) !== 32 || s.charCodeAt(k - 2) !== 58 /* : */) return null;
  const end = k - 2;
  const start = Math.max(s.lastIndexOf(' ', end - 1) + 1, end - MAX_COMM);
  const unit = s.slice(start, end);
  return unit.indexOf('.') > 0 ? unit : null;
}

/**
 * containerd: `TaskOOM event container_id:"<id>"` (protobuf text, 1.7+), `TaskOOM event
 * &TaskOOM{ContainerID:<id>,…}` (gogo, ≤1.6), and `/tasks/oom {"container_id":"<id>"}` (ctr events).
 */
export function containerdLine(s: string): ContainerOomSignal | null {
  let k = s.indexOf('TaskOOM');
  if (k < 0) k = s.indexOf('/tasks/oom');
  if (k < 0) return null;
  const id = hexIdAfter(s, k, ['container_id', 'ContainerID', 'containerID']);
  if (id === null) return null;
  return { kind: 'container_oom', source: 'containerd', container_id: id, pod_uid: null, pod: null, container_name: null, unit: null };
}

/** kubelet: `System OOM encountered[, victim process: X, pid: N]`. */
export function systemOomLine(s: string): SystemOomSignal | null {
  const k = s.indexOf('System OOM encountered');
  if (k < 0) return null;
  const v = s.indexOf(', victim process: ', k);
  if (v < 0 || v > k + 22) return { kind: 'system_oom', source: 'kubelet', pid: null, comm: null };
  const at = v + 18;
  const p = s.lastIndexOf(', pid: ', at + MAX_COMM);
  const pid = p >= at ? uintAt(s, p + 7) : -1;
  if (pid < 0) return { kind: 'system_oom', source: 'kubelet', pid: null, comm: null };
  return { kind: 'system_oom', source: 'kubelet', pid, comm: s.slice(at, p) };
}

/**
 * kubelet (or an event exporter) reporting a container terminated with reason `OOMKilled`; it
 * must name the container (`containerd://<id>`, `containerID=<id>`) or the pod (`podUID`, `pod=`),
 * else the word alone is too weak.
 */
export function oomKilledLine(s: string): ContainerOomSignal | null {
  const k = s.indexOf('OOMKilled');
  if (k < 0) return null;
  const container_id = runtimeUrlId(s) ?? hexIdAfter(s, 0, ['containerID', 'container_id', 'ContainerID']);
  const pod_uid = valueAfter(s, ['podUID', 'pod_uid', 'podUid'], 36);
  const podText = valueAfter(s, ['pod'], 253 + 64);
  const pod = podText !== null && podText.includes('/') ? podText : null;
  if (container_id === null && pod_uid === null && pod === null) return null;
  const container_name = valueAfter(s, ['containerName', 'container_name'], 253);
  return { kind: 'container_oom', source: 'kubelet', container_id, pod_uid, pod, container_name, unit: null };
}

const RUNTIME_URLS = ['containerd://', 'cri-o://', 'docker://'];

function runtimeUrlId(s: string): string | null {
  for (const scheme of RUNTIME_URLS) {
    const at = s.indexOf(scheme);
    if (at >= 0) {
      const id = hex64At(s, at + scheme.length);
      if (id !== null) return id;
    }
  }
  return null;
}

/** A 64-hex id after one of `keys`, skipping the `:`, `=`, quotes, backslashes and spaces in between. */
function hexIdAfter(s: string, from: number, keys: string[]): string | null {
  for (const key of keys) {
    const at = s.indexOf(key, from);
    if (at < 0) continue;
    const id = hex64At(s, skipSeparators(s, at + key.length));
    if (id !== null) return id;
  }
  return null;
}

/** The value after `key` followed by `=` or `":` (quotes optional), up to a quote, comma, space or brace. */
function valueAfter(s: string, keys: string[], max: number): string | null {
  for (const key of keys) {
    let at = s.indexOf(key);
    while (at >= 0) {
      const after = at + key.length;
      const c = s.charCodeAt(after);
      const bounded = at === 0 || !isWordChar(s.charCodeAt(at - 1));
      if (bounded && (c === 61 /* = */ || c === 34 /* " */ || c === 58 /* : */)) {
        const start = skipSeparators(s, after);
        let end = start;
        while (end < s.length && end - start <= max && !isValueEnd(s.charCodeAt(end))) end++;
        if (end > start && end - start <= max) return s.slice(start, end);
      }
      at = s.indexOf(key, after);
    }
  }
  return null;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isValueEnd(c: number): boolean {
  return c === 34 || c === 92 || c === 44 || c === 32 || c === 125 || c === 41 || c === 10;
}

function skipSeparators(s: string, i: number): number {
  let j = i;
  while (j < s.length && j - i < 8) {
    const c = s.charCodeAt(j);
    if (c !== 58 && c !== 61 && c !== 34 && c !== 92 && c !== 32 && c !== 39) break;
    j++;
  }
  return j;
}

function hex64At(s: string, i: number): string | null {
  if (i + 64 > s.length) return null;
  for (let j = i; j < i + 64; j++) {
    const c = s.charCodeAt(j);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return null;
  }
  const next = s.charCodeAt(i + 64);
  if ((next >= 48 && next <= 57) || (next >= 97 && next <= 102)) return null;
  return s.slice(i, i + 64);
}
