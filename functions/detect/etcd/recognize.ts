import { literalsRegex } from '../../shared/literal-windows.js';
import { etcdPrecursor, journaldPrecursor, kernelDiskPrecursor, withZapDuration, zapDurationField } from './precursor-lines.js';
import { raftTermLine, serverTransferLine } from './raft-lines.js';
import type { EtcdSignal, LeadershipSignal } from './signal.js';

/** etcd's lines put what matters first; longer input is only looked at up to here. */
const MAX_SCAN = 4096;

/**
 * Recognizes one message: etcd leadership lines and etcd slow-disk warnings (capnslog text,
 * raft's `raftYYYY/MM/DD … INFO:` lines, zap JSON), systemd-journald's disk activity, and the
 * kernel's storage stalls.
 * Pure and cheap: records of other apps cost a string compare or two; etcd lines that match
 * nothing cost a few indexOf scans of at most MAX_SCAN characters.
 *
 * `app` null (a plain line of unknown origin) is treated as possibly etcd.
 */
export function recognizeEtcd(message: string, app: string | null): EtcdSignal | null {
  if (app !== null) {
    if (app === 'systemd-journald' || app === 'systemd-journal') return journaldPrecursor(message);
    if (app === 'kernel') return kernelDiskPrecursor(message.length > MAX_SCAN ? message.slice(0, MAX_SCAN) : message);
    if (!isEtcdApp(app)) return null;
  }
  const head = message.length > MAX_SCAN ? message.slice(0, MAX_SCAN) : message;
  if (head.charCodeAt(0) === 123 /* { */) return zapLine(head);
  return textLine(head);
}

/** etcd itself, or a Kubernetes distribution that embeds it (k3s, RKE2 log etcd under their own name). */
function isEtcdApp(app: string): boolean {
  return app.includes('etcd') || app === 'k3s' || app === 'rke2';
}

/**
 * One scan for a word every recognized line contains (`term`, `leadership`, `took too long`,
 * `heartbeat`, `fdatasync`/`sync duration`): most lines stop here, at the cost of one pass.
 */
const ANY_KEYWORD = literalsRegex(['term', 'leadership', 'too long', 'heartbeat', 'sync'])!;

function textLine(s: string): EtcdSignal | null {
  if (!ANY_KEYWORD.test(s)) return null;
  if (s.indexOf('term') >= 0) {
    const raft = raftTermLine(s);
    if (raft) return raft;
  }
  if (s.indexOf('leadership transfer from') >= 0) return serverTransferLine(s);
  return etcdPrecursor(s);
}

/** zap JSON: the text is the `msg` string; etcdserver's transfer line keeps its ids in fields. */
function zapLine(json: string): EtcdSignal | null {
  const msg = jsonString(json, '"msg":');
  if (msg === null) return null;
  if (msg === 'leadership transfer starting') return zapTransfer(json);
  const sig = textLine(msg);
  if (sig === null || sig.type !== 'precursor') return sig;
  const field = zapDurationField(sig.kind);
  return field === null ? sig : withZapDuration(sig, jsonString(json, field));
}

function zapTransfer(json: string): LeadershipSignal | null {
  const to = jsonString(json, '"transferee-member-id":');
  if (to === null) return null;
  return {
    type: 'leadership',
    kind: 'transfer_start',
    node: jsonString(json, '"local-member-id":'),
    leader: to,
    other: jsonString(json, '"current-leader-member-id":'),
    term: null,
  };
}

/** The string value of the first `key` in a JSON object text, or null. Escapes are decoded by JSON.parse. */
function jsonString(json: string, key: string): string | null {
  const k = json.indexOf(key);
  if (k < 0) return null;
  let i = k + key.length;
  while (json.charCodeAt(i) === 32) i++;
  if (json.charCodeAt(i) !== 34 /* " */) return null;
  const start = i + 1;
  let escaped = false;
  for (let j = start; j < json.length; j++) {
    const c = json.charCodeAt(j);
    if (c === 92 /* \ */) {
      escaped = true;
      j++;
    } else if (c === 34) {
      if (!escaped) return json.slice(start, j);
      try {
        return JSON.parse(json.slice(start - 1, j + 1)) as string;
      } catch {
        return null;
      }
    }
  }
  return null;
}
