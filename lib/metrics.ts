import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The EMF namespace and service dimension the ingest handler's Powertools Metrics emit under. */
export const METRICS_NAMESPACE = 'logsift';
export const SERVICE_NAME = 'logsift-ingest';

/** Finding types the detectors emit (schemas/finding.schema.json), one alarm each. */
export const FINDING_TYPES = ['etcd_leader_change', 'etcd_leader_churn', 'oom_kill', 'cert_expired', 'cert_not_yet_valid', 'cert_expiring'] as const;

export function pipelineMetric(name: string, dimensions: Record<string, string> = {}, period = Duration.minutes(5)): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME, ...dimensions },
    statistic: 'Sum',
    period,
  });
}
