import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { FINDING_TYPES, METRICS_NAMESPACE, SERVICE_NAME, findingsOfType, pipelineMetric } from './metrics.js';

/** One dashboard: records in and out, lag, errors, corrections by reason, findings by type. */
export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: { fn: lambda.IFunction }) {
    super(scope, id);
    const period = Duration.minutes(5);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Records in / events out',
        left: [pipelineMetric('RecordsIn'), pipelineMetric('EventsOut'), pipelineMetric('Quarantined'), pipelineMetric('ParseErrors')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lag (iterator age, ms)',
        left: [props.fn.metric('IteratorAge', { statistic: 'Maximum', period }), pipelineMetric('IteratorAgeMs').with({ statistic: 'Maximum' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Errors and throttles',
        left: [props.fn.metricErrors({ period }), props.fn.metricThrottles({ period })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Corrections by reason',
        // The reasons are open-ended (docs/corrections.md), so a search finds every one emitted.
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},reason,service} MetricName="Corrections" service="${SERVICE_NAME}"', 'Sum', 300)`,
            label: 'corrections',
            period,
          }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Findings by type',
        left: FINDING_TYPES.map((type) => findingsOfType(type)),
        width: 24,
      }),
    );
  }
}
