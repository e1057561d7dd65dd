import type { CertKind, CertSignal } from './signal.js';

/** One suppression window of one (host, app, subject/peer, kind): everything a finding needs. */
export interface CertFindingState {
  findingId: string;
  kind: CertKind;
  host: string | null;
  cluster: string | null;
  app: string | null;
  windowStartMs: number;
  windowEndMs: number;
  /** event_id → event time (ms); a set, so a duplicate record never counts twice. Capped. */
  evidence: Record<string, number>;
  /** True once more distinct records arrived than `evidence` keeps. */
  evidenceCapped: boolean;
  /** The earliest evidence (by time, then event_id) describes the finding: order-independent. */
  first: Representative;
  lastMs: number;
  lastTime: string;
  emitted: boolean;
}

export interface Representative {
  eventId: string;
  ms: number;
  time: string;
  signal: CertSignal;
  /** The message, cut to a readable length. */
  message: string;
}

/** Neighbouring OpenSSL tool lines of one host+app (see context-line.ts), newest last, capped. */
export interface NeighbourState {
  lines: NeighbourLine[];
}

export interface NeighbourLine {
  eventId: string;
  ms: number;
  subject: string | null;
  notAfterMs: number | null;
  notBeforeMs: number | null;
}

export const MAX_EVIDENCE = 200;
export const MAX_NEIGHBOURS = 32;
/** Neighbour lines are correlated with an error line when their event times are this close. */
export const NEIGHBOUR_WINDOW_MS = 1000;

/** Earlier by (time, event_id): the total order that makes the representative deterministic. */
export function isEarlier(ms: number, id: string, than: { ms: number; eventId: string }): boolean {
  return ms < than.ms || (ms === than.ms && id < than.eventId);
}
