import { rx } from '../../shared/safe-regex.js';
import type { LeadershipKind, LeadershipSignal } from './signal.js';

/**
 * etcd/raft's leadership lines (raft/node.go, raft/raft.go, and etcdserver's MoveLeader), one
 * anchored regex each, run only on the text from the position an indexOf found. Ids are `%x` of a uint64
 * (1..16 lowercase hex digits); every quantifier is bounded, so each match is linear.
 */
const RAFT_NODE = rx(/^raft\.node: ([0-9a-f]{1,16}) (elected leader|changed leader from|lost leader) ([0-9a-f]{1,16})(?: to ([0-9a-f]{1,16}))? at term ([0-9]{1,15})/);
const BECAME = rx(/^([0-9a-f]{1,16}) became (leader|candidate|follower|pre-candidate) at term ([0-9]{1,15})/);
const NEW_ELECTION = rx(/^([0-9a-f]{1,16}) is starting a new election at term ([0-9]{1,15})/);
const TRANSFER = rx(/^([0-9a-f]{1,16}) \[term:? ([0-9]{1,15})\] starts to transfer leadership to ([0-9a-f]{1,16})/);
const TIMEOUT_NOW = rx(/^([0-9a-f]{1,16}) \[term:? ([0-9]{1,15})\] received (?:a )?MsgTimeoutNow from ([0-9a-f]{1,16}) and starts an election/);
const NEW_RAFT = rx(/^newRaft ([0-9a-f]{1,16}) \[peers: \[[^\]]{0,4096}\], term: ([0-9]{1,15}),/);
const SERVER_TRANSFER = rx(/^([0-9a-f]{1,16}) starts leadership transfer from ([0-9a-f]{1,16}) to ([0-9a-f]{1,16})/);

function signal(kind: LeadershipKind, node: string | null, leader: string | null, other: string | null, term: number | null): LeadershipSignal {
  return { type: 'leadership', kind, node, leader, other, term };
}

function execAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  return re.exec(at === 0 ? s : s.slice(at));
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** What raft's own message can follow: start of text, or the space after a logger prefix. */
function isIdBoundary(c: number): boolean {
  return c === 32 || c === 9;
}

/** Start of the hex id that ends right before `end`, if it is a whole token of at most 16 digits. */
function idStartBefore(s: string, end: number): number {
  let i = end;
  while (i > 0 && end - i < 16 && isHex(s.charCodeAt(i - 1))) i--;
  if (i === end || (i > 0 && !isIdBoundary(s.charCodeAt(i - 1)))) return -1;
  return i;
}

/** Runs `re` on the id that precedes the first `phrase` in `s`. */
function idPhrase(re: RegExp, s: string, phrase: string): RegExpExecArray | null {
  const p = s.indexOf(phrase);
  if (p < 0) return null;
  const start = idStartBefore(s, p);
  return start < 0 ? null : execAt(re, s, start);
}

const BECAME_KIND: Record<string, LeadershipKind> = {
  leader: 'became_leader',
  candidate: 'became_candidate',
  follower: 'became_follower',
  'pre-candidate': 'became_pre_candidate',
};

/** Lines that state a term (all raft-level ones). `s` contains `term`. */
export function raftTermLine(s: string): LeadershipSignal | null {
  const n = s.indexOf('raft.node: ');
  if (n >= 0) {
    const m = execAt(RAFT_NODE, s, n);
    if (!m) return null;
    const term = Number(m[5]);
    if (m[2] === 'elected leader') return signal('elected', m[1], m[3], null, term);
    if (m[2] === 'lost leader') return signal('lost', m[1], null, m[3], term);
    return m[4] === undefined ? null : signal('changed', m[1], m[4], m[3], term);
  }
  let m = idPhrase(BECAME, s, ' became ');
  if (m) {
    const kind = BECAME_KIND[m[2]];
    return signal(kind, m[1], kind === 'became_leader' ? m[1] : null, null, Number(m[3]));
  }
  if ((m = idPhrase(NEW_ELECTION, s, ' is starting a new election'))) return signal('election_start', m[1], null, null, Number(m[2]));
  if ((m = idPhrase(TRANSFER, s, ' [term'))) return signal('transfer_start', m[1], m[3], m[1], Number(m[2]));
  if ((m = idPhrase(TIMEOUT_NOW, s, ' [term'))) return signal('timeout_now', m[1], m[1], m[3], Number(m[2]));
  const r = s.indexOf('newRaft ');
  if (r >= 0 && (m = execAt(NEW_RAFT, s, r))) return signal('member_start', m[1], null, null, Number(m[2]));
  return null;
}

/** etcdserver's MoveLeader, capnslog wording: `%s starts leadership transfer from %s to %s`. */
export function serverTransferLine(s: string): LeadershipSignal | null {
  const m = idPhrase(SERVER_TRANSFER, s, ' starts leadership transfer from ');
  return m ? signal('transfer_start', m[1], m[3], m[2], null) : null;
}
