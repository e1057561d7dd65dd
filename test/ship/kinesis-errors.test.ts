import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyKinesisError } from '../../functions/ship/kinesis-errors.js';

const where = { stream: 'logs', region: 'eu-central-1' };

/** What a real client throws for one PutRecords call (the SDK's own retries cut to one attempt). */
async function realError(config: ConstructorParameters<typeof KinesisClient>[0]): Promise<unknown> {
  const client = new KinesisClient({ maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }), ...config });
  try {
    await client.send(new PutRecordsCommand({ StreamName: 'logs', Records: [{ Data: Buffer.from('x'), PartitionKey: 'k' }] }));
  } catch (err) {
    return err;
  } finally {
    client.destroy();
  }
  throw new Error('the call succeeded');
}

describe('classifyKinesisError', () => {
  it('credentials, permissions and configuration are not retryable, and each says what to do', () => {
    const cases: [object, string, RegExp][] = [
      [{ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, 'credentials', /^no AWS credentials found/],
      [{ name: 'ExpiredTokenException', message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 400 } }, 'credentials', /^AWS rejected the credentials/],
      [{ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', $metadata: { httpStatusCode: 400 } }, 'credentials', /^AWS rejected the credentials/],
      [{ name: 'AccessDeniedException', message: 'User: x is not authorized to perform: kinesis:PutRecords', $metadata: { httpStatusCode: 400 } }, 'permission', /^the credentials may not write to stream logs in eu-central-1/],
      [{ name: 'ResourceNotFoundException', message: 'Stream logs under account 1 not found.', $metadata: { httpStatusCode: 400 } }, 'configuration', /^there is no stream logs in eu-central-1/],
      [{ name: 'ValidationException', message: 'bad', $metadata: { httpStatusCode: 400 } }, 'configuration', /^Kinesis refused the call \(ValidationException: bad, HTTP 400\)/],
      [{ name: 'Error', message: 'something without a status' }, 'configuration', /^Kinesis refused the call/],
    ];
    for (const [err, kind, cause] of cases) {
      const p = classifyKinesisError(err, where);
      expect({ kind: p.kind, retryable: p.retryable }).toEqual({ kind, retryable: false });
      expect(p.cause).toMatch(cause);
      expect(p.fix.length).toBeGreaterThan(10);
    }
  });

  it('throttling, service faults and the network are retryable', () => {
    for (const err of [
      { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } },
      { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } },
      { name: 'Whatever', $metadata: { httpStatusCode: 503 } },
    ]) {
      expect(classifyKinesisError(err, where)).toMatchObject({ kind: 'transient', retryable: true });
    }
    const dns = classifyKinesisError(Object.assign(new Error('getaddrinfo ENOTFOUND kinesis.eu-centrl-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'kinesis.eu-centrl-1.amazonaws.com' }), where);
    expect(dns).toMatchObject({ kind: 'network', retryable: true, cause: 'cannot resolve kinesis.eu-centrl-1.amazonaws.com (ENOTFOUND)' });
    expect(dns.fix).toMatch(/check --region/);
    expect(classifyKinesisError(Object.assign(new Error('getaddrinfo EAI_AGAIN x'), { code: 'EAI_AGAIN' }), where)).toMatchObject({ kind: 'network', retryable: true });
  });

  it('real SDK errors: a refused connection is a network error; an invalid region a configuration error', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const refused = classifyKinesisError(await realError({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` }), { ...where, endpoint: `http://127.0.0.1:${port}` });
    expect(refused).toMatchObject({ kind: 'network', retryable: true });
    expect(refused.cause).toMatch(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED`));
    const badRegion = classifyKinesisError(await realError({ region: 'not a region!' }), { ...where, region: 'not a region!' });
    expect(badRegion).toMatchObject({ kind: 'configuration', retryable: false });
  });
});
