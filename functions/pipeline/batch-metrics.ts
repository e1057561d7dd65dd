import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { BatchReport } from './batch-report.js';

/**
 * The batch's EMF metrics. Plain counters go in the invocation's metrics object (flushed by
 * the middleware); counters with their own dimension (correction reason, finding type and
 * severity) go out as single metrics, each its own EMF line.
 */
export function emitBatchMetrics(metrics: Metrics, r: BatchReport): void {
  metrics.addMetric('RecordsIn', MetricUnit.Count, r.recordsIn);
  metrics.addMetric('BytesIn', MetricUnit.Bytes, r.bytesIn);
  metrics.addMetric('EventsOut', MetricUnit.Count, r.eventsOut);
  metrics.addMetric('ParseErrors', MetricUnit.Count, r.parseErrors);
  metrics.addMetric('Quarantined', MetricUnit.Count, r.quarantined);
  metrics.addMetric('AlertsSent', MetricUnit.Count, r.alertsSent);
  metrics.addMetric('AlertsSuppressed', MetricUnit.Count, r.alertsSuppressed);
  metrics.addMetric('IteratorAgeMs', MetricUnit.Milliseconds, r.iteratorAgeMs);
  metrics.addMetric('BatchFailures', MetricUnit.Count, r.error === undefined ? 0 : 1);
  if (r.lateRecords !== undefined) metrics.addMetric('LateRecords', MetricUnit.Count, r.lateRecords);
  for (const [reason, n] of Object.entries(r.corrections)) {
    const m = metrics.singleMetric();
    m.addDimension('reason', reason);
    m.addMetric('Corrections', MetricUnit.Count, n);
  }
  const findings = new Map<string, number>();
  for (const f of r.findings) findings.set(`${f.type}\u0000${f.severity}`, (findings.get(`${f.type}\u0000${f.severity}`) ?? 0) + 1);
  for (const [key, n] of findings) {
    const [type, severity] = key.split('\u0000');
    const m = metrics.singleMetric();
    m.addDimensions({ type, severity });
    m.addMetric('Findings', MetricUnit.Count, n);
  }
}
