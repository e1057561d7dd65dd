import { KINESIS } from './limits.js';

/** How `logsift ship` batches, retries and reports; the CLI fills it from its options. */
export interface ShipSettings {
  stream: string;
  /** A record is closed once its payload (after gzip when on) reaches this many bytes. */
  recordBytes: number;
  /** gzip each record (the decode stage inflates it). */
  gzip: boolean;
  /** No entry waits longer than this in an open record. */
  flushMs: number;
  /** Reading stops while this many entry bytes are read but not acknowledged (backpressure). */
  maxBufferedBytes: number;
  /** PutRecords calls in flight at once. */
  maxInFlightCalls: number;
  /** Counters on stderr every this many ms; 0: only the final line. */
  progressMs: number;
  /** First retry delay and cap of the exponential backoff (full jitter). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /**
   * While no call has succeeded yet, give up when Kinesis stays unreachable (DNS, refused
   * connections) this long: that is a wrong endpoint or region, not an outage. 0: never.
   */
  unreachableTimeoutMs: number;
  /** After SIGTERM/SIGINT, how long to try sending what was read before exiting anyway. */
  stopTimeoutMs: number;
}

/**
 * Defaults, chosen by measurement (`npm run bench`; docs/shipping.md, "Defaults"): records of
 * just under 100,000 bytes fill four whole 25 KB PUT payload units and carry ~200 entries
 * (one entry per record pays a whole unit for ~450 B); gzip cuts the units and on-demand bytes
 * per GB of journal about tenfold and raised throughput; a 1 s flush bounds the latency an
 * idle host adds.
 */
export const SHIP_DEFAULTS: Omit<ShipSettings, 'stream'> = {
  recordBytes: 4 * KINESIS.putPayloadUnitBytes - 512,
  gzip: true,
  flushMs: 1000,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxInFlightCalls: 4,
  progressMs: 10_000,
  backoffBaseMs: 100,
  backoffMaxMs: 10_000,
  unreachableTimeoutMs: 60_000,
  stopTimeoutMs: 10_000,
};
