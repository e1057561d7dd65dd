import type { Finding } from '../detect/types.js';

/** What one batch did: the handler turns it into metrics and one log line. */
export interface BatchReport {
  shardId: string;
  firstSequenceNumber: string;
  recordsIn: number;
  /** Bytes of Kinesis record data (after base64). */
  bytesIn: number;
  /** Normalized records built (parse errors included). */
  eventsOut: number;
  parseErrors: number;
  /** Rows written to the quarantine table. */
  quarantined: number;
  /** Records per correction reason code. */
  corrections: Record<string, number>;
  /** This batch's findings (new and grown), as written to the findings table. */
  findings: Finding[];
  alertsSent: number;
  alertsSuppressed: number;
  /** Age of the oldest record at the start of processing, from its arrival time. */
  iteratorAgeMs: number;
  /** Records behind the detection watermark when they arrived, when the engine counts them. */
  lateRecords?: number;
  objectsWritten: number;
  /** Where the time went, per stage. */
  timingsMs: Record<string, number>;
  /** Set when the batch failed and is reported for retry. */
  error?: string;
}

export function emptyReport(shardId: string, firstSequenceNumber: string): BatchReport {
  return {
    shardId,
    firstSequenceNumber,
    recordsIn: 0,
    bytesIn: 0,
    eventsOut: 0,
    parseErrors: 0,
    quarantined: 0,
    corrections: {},
    findings: [],
    alertsSent: 0,
    alertsSuppressed: 0,
    iteratorAgeMs: 0,
    objectsWritten: 0,
    timingsMs: {},
  };
}
