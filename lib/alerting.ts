import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LogsiftParameters } from './config.js';
import { FINDING_TYPES, findingsOfType, pipelineMetric } from './metrics.js';


/**
 * The alert topic (KMS-encrypted, optional e-mail subscription) that both the handler's finding
 * alerts and the CloudWatch alarms publish to, and the alarms on the pipeline's health.
 */
export class Alerting extends Construct {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, private readonly p: LogsiftParameters) {
    super(scope, id);
    this.topicKey = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'logsift alert topic', removalPolicy: RemovalPolicy.RETAIN });
    // CloudWatch publishes alarm notifications to the encrypted topic, so it must use the key.
    this.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // In a key policy, '*' means this key.
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'logsift findings and alarms', masterKey: this.topicKey, enforceSSL: true });
    if (p.alertEmail !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(p.alertEmail));
  }

  /** The alarms on the pipeline's health, each notifying the topic. */
  watch(fn: lambda.IFunction, onFailure: sqs.IQueue): void {
    const p = this.p;
    this.alarm('HandlerErrors', 'The ingest function failed (batches are retried, then sent to the on-failure queue)', fn.metricErrors({ period: Duration.minutes(5) }), 0);
    this.alarm('HandlerThrottles', 'The ingest function was throttled: raise reserved concurrency or lower the parallelization factor', fn.metricThrottles({ period: Duration.minutes(5) }), 0);
    this.alarm(
      'IteratorAge',
      `The ingest function lags the stream by more than ${p.iteratorAgeAlarmSeconds} s`,
      fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
      p.iteratorAgeAlarmSeconds * 1000,
    );
    this.alarm(
      'OnFailureQueueNotEmpty',
      'Batches were given up on: replay them with `logsift replay --from-dlq`',
      onFailure.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      0,
    );
    this.alarm(
      'ParseErrorRatio',
      `More than ${p.parseErrorRatioAlarm * 100}% of events could not be parsed (they are kept in quarantine)`,
      new cloudwatch.MathExpression({
        expression: 'IF(events > 0, errors / events, 0)',
        usingMetrics: { errors: pipelineMetric('ParseErrors'), events: pipelineMetric('EventsOut') },
        period: Duration.minutes(5),
        label: 'parse error ratio',
      }),
      p.parseErrorRatioAlarm,
    );
    for (const type of FINDING_TYPES) {
      this.alarm(`Findings-${type}`, `logsift found ${type} incidents`, findingsOfType(type), 0);
    }
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric, threshold: number): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
