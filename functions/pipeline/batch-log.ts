import type { BatchReport } from './batch-report.js';

/** The one log line per batch: pipeline facts only (shard, counts, timings), never payloads. */
export function batchLogFields(r: BatchReport): Record<string, unknown> {
  return {
    shardId: r.shardId,
    firstSequenceNumber: r.firstSequenceNumber,
    recordsIn: r.recordsIn,
    bytesIn: r.bytesIn,
    eventsOut: r.eventsOut,
    parseErrors: r.parseErrors,
    quarantined: r.quarantined,
    findings: r.findings.length,
    alertsSent: r.alertsSent,
    alertsSuppressed: r.alertsSuppressed,
    objectsWritten: r.objectsWritten,
    iteratorAgeMs: r.iteratorAgeMs,
    timingsMs: r.timingsMs,
  };
}
