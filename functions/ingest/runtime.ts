import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAlertLedger } from '../alert/dynamodb-ledger.js';
import { SnsAlertPublisher } from '../alert/publisher.js';
import { DynamoDbStateStore } from '../detect/state/dynamodb-store.js';
import type { IngestDeps } from '../pipeline/process-kinesis-batch.js';
import { S3ObjectStore } from '../sinks/s3-object-store.js';
import type { IngestEnvironment } from './environment.js';

export interface IngestRuntime {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  deps: IngestDeps;
}

/**
 * The AWS clients and stores, made once per container. Region, credentials, endpoints
 * (`AWS_ENDPOINT_URL_<SERVICE>`) and checksum modes come from the SDK's standard variables.
 * A custom S3 endpoint (local stand-in) gets path-style addressing; AWS gets virtual-hosted.
 */
export function createRuntime(env: IngestEnvironment, vars: NodeJS.ProcessEnv = process.env): IngestRuntime {
  const s3 = new S3Client({ maxAttempts: env.s3MaxAttempts, retryMode: 'standard', forcePathStyle: vars.AWS_ENDPOINT_URL_S3 !== undefined });
  const dynamodb = new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const sns = new SNSClient({});
  return {
    s3,
    dynamodb,
    sns,
    deps: {
      config: env.config,
      objects: new S3ObjectStore(s3, env.tablesBucket),
      state: new DynamoDbStateStore(doc, env.stateTable),
      ledger: new DynamoDbAlertLedger(doc, env.alertTable),
      publisher: new SnsAlertPublisher(sns, env.alertTopicArn),
      // Lambda sets AWS_REGION; the console link names it.
      pages: { bucket: env.tablesBucket, region: vars.AWS_REGION },
    },
  };
}
