import { byTerm, type LeaderReport, type LeadershipState, type StartNote, type TermEntry, type TransferNote } from './state.js';

/** A term that got a leader, with every member's report of it. */
export interface LeaderChange {
  term: number;
  leader: string;
  /** Time-ordered, deduplicated by event_id. */
  reports: LeaderReport[];
  firstMs: number;
  lastMs: number;
  previousLeader: string | null;
  /** The old leader handed over (raft MsgTimeoutNow / etcdserver MoveLeader), rather than being lost. */
  transfer: boolean;
}

/** An etcdserver transfer line (no term) counts for an election this close to it. */
const UNTIMED_TRANSFER_BEFORE_MS = 10_000;
/** raft's capnslog prefix has whole seconds, so its lines can sort just before the etcdserver line. */
const UNTIMED_TRANSFER_AFTER_MS = 2_000;

/**
 * A member that restarts into a cluster whose term has not moved logs `elected leader X at
 * term N` for the term it already had: the leader did not change. Such a report alone does
 * not make a change (it still counts as a reporter when others saw the election).
 */
function isRejoin(report: LeaderReport, term: number, starts: readonly StartNote[]): boolean {
  if (report.kind !== 'elected') return false;
  let last: StartNote | null = null;
  for (const s of starts) if (s.node === report.node && s.ms <= report.ms && (last === null || s.ms >= last.ms)) last = s;
  return last !== null && last.term === term;
}

// Plain loops and module-level helpers in this file rather than per-call arrow callbacks: it runs
// at every evaluation, and a closure made per call loses its optimized code at each major GC.

function isTransfer(term: number, leader: string, firstMs: number, transfers: readonly TransferNote[]): boolean {
  for (const x of transfers) {
    if (
      x.to === leader &&
      (x.term !== null ? x.term === term - 1 : x.ms >= firstMs - UNTIMED_TRANSFER_BEFORE_MS && x.ms <= firstMs + UNTIMED_TRANSFER_AFTER_MS)
    ) return true;
  }
  return false;
}

/** Whether every report is a restarted member's rejoin (see isRejoin). */
function allRejoins(reports: readonly LeaderReport[], term: number, starts: readonly StartNote[]): boolean {
  for (const r of reports) if (!isRejoin(r, term, starts)) return false;
  return true;
}

/** The `from` of the reports that name one (`changed` lines), in report order. */
function fromsOf(reports: readonly LeaderReport[]): string[] {
  const out: string[] = [];
  for (const r of reports) if (r.from !== null) out.push(r.from);
  return out;
}

/** The leaders members said they lost, in note order. */
function lostOf(entry: TermEntry): string[] {
  const out: string[] = [];
  for (const l of entry.lost) out.push(l.lost);
  return out;
}

function byLeaderId(a: { leader: string }, b: { leader: string }): number {
  return a.leader < b.leader ? -1 : 1;
}

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === null || n > counts.get(best)! || (n === counts.get(best) && v < best)) best = v;
  }
  return best;
}

function changesInTerm(entry: TermEntry, starts: readonly StartNote[]): Array<Omit<LeaderChange, 'previousLeader' | 'transfer'>> {
  const byLeader = new Map<string, LeaderReport[]>();
  for (const r of entry.reports) {
    const list = byLeader.get(r.leader);
    if (list) list.push(r);
    else byLeader.set(r.leader, [r]);
  }
  const out: Array<Omit<LeaderChange, 'previousLeader' | 'transfer'>> = [];
  for (const [leader, reports] of byLeader) {
    if (allRejoins(reports, entry.term, starts)) continue;
    out.push({ term: entry.term, leader, reports, firstMs: reports[0].ms, lastMs: reports[reports.length - 1].ms });
  }
  return out;
}

/** Every leader change the state knows, ordered by term (then leader). */
export function leaderChanges(state: LeadershipState): LeaderChange[] {
  const entries = Object.values(state.terms).sort(byTerm);
  const changes: LeaderChange[] = [];
  let previous: LeaderChange | null = null;
  for (const entry of entries) {
    const inTerm = changesInTerm(entry, state.starts).sort(byLeaderId);
    let lost: string | null | undefined; // the term's, counted once and only when a change needs it
    for (const c of inTerm) {
      const from = mostCommon(fromsOf(c.reports));
      if (from === null && lost === undefined) lost = mostCommon(lostOf(entry));
      const change: LeaderChange = {
        ...c,
        previousLeader: from ?? lost ?? (previous !== null && previous.term < c.term ? previous.leader : null),
        transfer: isTransfer(c.term, c.leader, c.firstMs, state.transfers),
      };
      changes.push(change);
    }
    if (inTerm.length > 0) previous = changes[changes.length - 1];
  }
  return changes;
}
