import type { OomSignal } from './signals.js';

/** One recognized line as the aggregator keeps it. */
export interface Observation {
  /** The record's event_id (the evidence). */
  id: string;
  /** Event time, epoch µs: kernel lines of one report are microseconds apart. */
  t: number;
  /** Event time as the record states it (RFC 3339, µs). */
  ts: string;
  /** Arrival order on this host: orders lines that share a timestamp (syslog's whole seconds). */
  seq: number;
  cluster: string | null;
  s: OomSignal;
}

/** Event time, then arrival order, then id: the order the kernel printed the lines in. */
export function compareObservations(a: Observation, b: Observation): number {
  return a.t - b.t || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Epoch µs of a record time (RFC 3339; the pipeline writes six fractional digits, UTC). */
export function eventMicros(ts: string): number {
  const ms = Date.parse(ts);
  const micros = ts.length === 27 && ts.charCodeAt(19) === 46 /* . */ ? Number(ts.slice(23, 26)) : 0;
  return ms * 1000 + (Number.isNaN(micros) ? 0 : micros);
}
