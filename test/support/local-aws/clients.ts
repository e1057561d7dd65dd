import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { LocalAwsEndpoints } from './servers.js';

/** Clients for the test itself (playing the shipper, reading results), with the options verified in ../shared/local-aws.md. */
const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

export function localClients(e: LocalAwsEndpoints) {
  return {
    // client-kinesis defaults to HTTP/2 for every call, which kinesalite cannot speak.
    kinesis: new KinesisClient({ ...base, endpoint: e.kinesis, requestHandler: new NodeHttpHandler() }),
    dynamodb: new DynamoDBClient({ ...base, endpoint: e.dynamodb }),
    // Path style: `<bucket>.127.0.0.1` does not resolve. WHEN_REQUIRED: fauxqs stores aws-chunked bodies as sent otherwise.
    s3: new S3Client({
      ...base,
      endpoint: e.s3,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    sns: new SNSClient({ ...base, endpoint: e.sns }),
    // fauxqs queue URLs name sqs.<region>.localhost; send to the endpoint, not to the queue URL's host.
    sqs: new SQSClient({ ...base, endpoint: e.sqs, useQueueUrlAsEndpoint: false }),
  };
}
