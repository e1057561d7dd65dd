import { Duration, Validations } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LogsiftParameters } from './config.js';
import { loggedFunction } from './logged-function.js';

export interface IngestProps {
  readonly parameters: LogsiftParameters;
  /** Environment of the handler: resource names and the pipeline config (functions/ingest/environment.ts). */
  readonly environment: Record<string, string>;
}

/**
 * Kinesis → Lambda: the stream (new, KMS-encrypted, or an existing one by ARN), the ingest
 * function (bundled locally by esbuild, no Docker), and its event source mapping with partial
 * batch responses, bisect on error, bounded retries and record age, and an on-failure queue.
 */
export class Ingest extends Construct {
  readonly stream: kinesis.IStream;
  readonly fn: NodejsFunction;
  readonly onFailure: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const p = props.parameters;
    if (p.streamArn !== undefined) {
      this.stream = kinesis.Stream.fromStreamArn(this, 'Stream', p.streamArn);
    } else {
      this.stream = new kinesis.Stream(this, 'Stream', {
        streamMode: p.shardCount === 0 ? kinesis.StreamMode.ON_DEMAND : kinesis.StreamMode.PROVISIONED,
        shardCount: p.shardCount === 0 ? undefined : p.shardCount,
        retentionPeriod: Duration.hours(p.retentionHours),
        // KMS with the AWS managed key (aws/kinesis): encrypted at rest without the per-call cost
        // a customer managed key adds for every producer and consumer (cdk-nag KDS3).
        encryption: kinesis.StreamEncryption.MANAGED,
      });
    }

    // Batches Lambda gave up on (after retries or past the record age) are named here, by shard and
    // sequence range, for `logsift replay --from-dlq`. 14 days: the longest SQS keeps a message.
    this.onFailure = new sqs.Queue(this, 'OnFailure', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.fn = loggedFunction(this, {
      logGroupId: 'HandlerLogs',
      roleId: 'HandlerRole',
      roleDescription: 'logsift ingest function',
      entry: 'functions/ingest/handler.ts',
      // Sizing from `npm run bench` (docs/performance.md, handler rows): a 10,000-record mixed batch
      // (4 MB) takes about 0.45 s of CPU including Parquet encoding, with a peak RSS of about
      // 160 MB. Lambda gives CPU in proportion to memory (one vCPU at 1769 MB), so
      // 1024 MB (~0.58 vCPU) runs the default 1,000-record batch in under 0.1 s and the largest
      // (10,000) in under 1 s, with ample room for that peak. The timeout covers the largest batch plus
      // S3/DynamoDB/SNS retries with backoff.
      memorySize: 1024,
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: p.reservedConcurrency,
      environment: props.environment,
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime logsift is built and tested for (the project pins Node 20-compatible tooling); Node 20 is deprecated on Lambda, and a newer runtime comes with a toolchain upgrade.',
    });
    Validations.of(this.onFailure).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the event source mapping's on-failure destination: its messages name shard ranges for `logsift replay --from-dlq`, kept 14 days, with an alarm at depth > 0. A DLQ behind it would only hide them.",
    });

    this.fn.addEventSource(
      new KinesisEventSource(this.stream, {
        startingPosition: lambda.StartingPosition[p.startingPosition],
        batchSize: p.batchSize,
        maxBatchingWindow: Duration.seconds(p.batchingWindowSeconds),
        parallelizationFactor: p.parallelizationFactor,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        // -1 (the default) retries a poison batch until the record expires: a week of a blocked shard.
        retryAttempts: p.retryAttempts,
        maxRecordAge: Duration.seconds(p.maxRecordAgeSeconds),
        onFailure: new SqsDlq(this.onFailure),
      }),
    );
  }
}
