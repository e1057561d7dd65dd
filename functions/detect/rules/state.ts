import type { FindingSeverity } from '../types.js';
import type { Captures } from './compile.js';

/**
 * Rule state lives in one store item per "home": the host of the records (`rules:s:h/<host>`),
 * or for rules that group by cluster and not host the cluster (`rules:s:c/<cluster>`), or one
 * item for rules grouping by neither (`rules:s:-`). All homes share one key group (`rules:s:`),
 * so a fresh instance lists them with one query, as the OOM detector does per host.
 */
export const STATE_PREFIX = 'rules:s:';

/** Bounds that keep one home's item well under DynamoDB's 400 KB. */
export const MAX_GROUPS_PER_HOME = 100;
export const MAX_FOLDS_PER_HOME = 32;
export const MAX_EVIDENCE = 100;
export const MAX_SEEN = 64;
/** An incident a recovery line alone can end is forgotten after this long without a match (7 days). */
export const MAX_HOLD_US = 7 * 86_400 * 1e6;

export interface HomeState {
  /** By rule name + US + group key. */
  groups: Record<string, GroupState>;
  /** Open multi-line reports, by rule name + US + app (host homes only). */
  folds: Record<string, FoldState>;
}

/** A match (with the lines folded into it) not yet part of an incident: below the threshold. */
export interface PendingHit {
  id: string;
  us: number;
  ts: string;
  caps: Captures;
  extra: string[];
}

export interface GroupState {
  rule: string;
  host: string | null;
  cluster: string | null;
  pending: PendingHit[];
  inc: Incident | null;
  /** Recent event ids of matches and recovery lines: a retried record never counts twice. */
  seen: string[];
}

export interface Incident {
  id: string;
  firstUs: number;
  first: string;
  /** Newest evidence (match or folded line). */
  lastUs: number;
  last: string;
  /** Matches (reports), not folded lines. */
  count: number;
  /** Event ids, first MAX_EVIDENCE kept. */
  evidence: string[];
  /** Captures of all reports, the first value of each name kept. */
  caps: Captures;
  /** The newest report: its id and captures (severity may come from a line folded into it). */
  latestId: string;
  latestCaps: Captures;
  /** Worst severity of the reports before the newest. */
  settled: FindingSeverity | null;
  status: 'open' | 'resolved';
  endUs: number | null;
  end: string | null;
  resolvedBy: 'recovery_line' | 'quiet' | null;
  /** Changed since the version last emitted. */
  dirty: boolean;
}

export interface FoldState {
  rule: string;
  /** The home and group of the incident or pending match the report belongs to. */
  home: string;
  group: string;
  openId: string;
  lines: number;
  lastUs: number;
}
