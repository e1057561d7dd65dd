import type { LogRecord } from '../shared/record.js';

/** The built-in detectors' types; rules (functions/detect/rules/) may name others (`^[a-z][a-z0-9_]{0,63}$`). */
export type KnownFindingType =
  | 'etcd_leader_change'
  | 'etcd_leader_churn'
  | 'oom_kill'
  | 'cert_expired'
  | 'cert_not_yet_valid'
  | 'cert_expiring';

export type FindingType = KnownFindingType | (string & {});

/** open: not known to have ended; resolved: a recovery line or a quiet period ended it (a later version). */
export type FindingStatus = 'open' | 'resolved';

export type FindingSeverity = 'critical' | 'warning' | 'info';

/** Mirrors schemas/finding.schema.json. */
export interface Finding {
  finding_id: string;
  type: FindingType;
  severity: FindingSeverity;
  time: string;
  time_end: string;
  host: string | null;
  cluster: string | null;
  summary: string;
  details: Record<string, unknown>;
  evidence: string[];
  remediation: string;
  status: FindingStatus;
  /** Event time of the last matching evidence; time_end of a resolved finding is when it ended. */
  last_seen: string;
}

/**
 * Versioned key-value state behind every stateful detector. In memory for tests and the CLI;
 * DynamoDB in Lambda (conditional writes on `version`), so concurrent shards and retried
 * batches stay correct: a writer that lost the race re-reads and re-applies its change.
 * A value `get` returns belongs to the caller, who may change it before `put`ting it back.
 */
export interface StateStore {
  get<T>(key: string): Promise<Versioned<T> | null>;
  /** Writes only if the stored version is still `expectedVersion` (null: key must not exist). */
  put<T>(key: string, value: T, expectedVersion: number | null, ttlEpochSeconds?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys with this prefix, for flushing at end of input. The DynamoDB store may answer from a GSI or not at all. */
  keys(prefix: string): Promise<string[]>;
}

export interface Versioned<T> {
  value: T;
  version: number;
}

/** What every detector sees besides the record. */
export interface DetectContext {
  store: StateStore;
  /** Event time (epoch ms) below which no more input is expected; aggregators close windows behind it. */
  watermarkMs: number;
}

/**
 * A detector: a stateless per-record rule (`recognize`) plus a stateful aggregator. The rule
 * runs on every record and must be cheap and synchronous; only what it recognizes reaches the
 * aggregator, which may touch the store.
 */
export interface Detector<S = unknown> {
  readonly name: string;
  /** What this record means to the detector, or null (the common case: not its line). */
  recognize(record: LogRecord): S | null;
  /** Aggregates one recognized record; returns findings that are complete now. */
  onSignal(signal: S, record: LogRecord, ctx: DetectContext): Promise<Finding[]>;
  /** Returns findings whose windows the watermark has closed (called as event time advances). */
  onWatermark(ctx: DetectContext): Promise<Finding[]>;
  /** End of input: returns every finding still open. */
  flush(ctx: DetectContext): Promise<Finding[]>;
}
