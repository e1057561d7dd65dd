import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The EMF namespace and service dimension the ingest handler's Powertools Metrics emit under. */
export const METRICS_NAMESPACE = 'logsift';
export const SERVICE_NAME = 'logsift-ingest';

/** Finding types the detectors emit (schemas/finding.schema.json), one alarm each. */
export const FINDING_TYPES = ['etcd_leader_change', 'etcd_leader_churn', 'oom_kill', 'cert_expired', 'cert_not_yet_valid', 'cert_expiring'] as const;

/** Severities a finding can have; the handler emits Findings with dimensions type and severity. */
const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** Findings of one type, whatever their severity (a math sum: alarms take one metric or expression). */
export function findingsOfType(type: string, period = Duration.minutes(5)): cloudwatch.MathExpression {
  // Ids are unique per type, because a dashboard graph holds several of these expressions.
  const id = (severity: string): string => `${type}_${severity}`;
  const usingMetrics = Object.fromEntries(SEVERITIES.map((severity) => [id(severity), pipelineMetric('Findings', { type, severity }, period)]));
  return new cloudwatch.MathExpression({
    expression: SEVERITIES.map((s) => `FILL(${id(s)}, 0)`).join(' + '),
    usingMetrics,
    period,
    label: type,
  });
}

export function pipelineMetric(name: string, dimensions: Record<string, string> = {}, period = Duration.minutes(5)): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME, ...dimensions },
    statistic: 'Sum',
    period,
  });
}
