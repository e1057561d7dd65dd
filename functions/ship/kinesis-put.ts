import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** What one PutRecords call says about each record, in request order: undefined = stored. */
export type PutResult = (string | undefined)[];

/** Sends one PutRecords call; throws when the call as a whole failed. */
export type PutRecordsFn = (records: { data: Buffer; partitionKey: string }[]) => Promise<PutResult>;

export interface KinesisTarget {
  stream: string;
  region?: string;
  /** Overrides the SDK's endpoint resolution (which also reads AWS_ENDPOINT_URL_KINESIS). */
  endpoint?: string;
}

/**
 * PutRecords through the SDK. Credentials and region come from the SDK's default chain.
 * HTTP/1.1 (NodeHttpHandler): the client's default HTTP/2 handler is needed only for
 * SubscribeToShard, and local stand-ins (kinesalite) speak HTTP/1.1 only.
 */
export function kinesisPutRecords(target: KinesisTarget): { put: PutRecordsFn; region: () => Promise<string> } {
  const client = new KinesisClient({
    ...(target.region !== undefined ? { region: target.region } : {}),
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 30_000 }),
  });
  const put: PutRecordsFn = async (records) => {
    const out = await client.send(
      new PutRecordsCommand({
        StreamName: target.stream,
        Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
      }),
    );
    const results = out.Records ?? [];
    if (results.length !== records.length) throw new Error(`PutRecords answered ${results.length} results for ${records.length} records`);
    return results.map((r) => r.ErrorCode ?? undefined);
  };
  // Resolving the region up front turns a missing region into a usage error, not endless retries.
  return { put, region: () => client.config.region() };
}

/** Errors after which the same call can succeed later: throttling, service faults, the network. */
export function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string };
  if (e.$retryable) return true;
  const name = e.name ?? '';
  if (name.includes('Throttl') || name === 'ProvisionedThroughputExceededException' || name === 'LimitExceededException') return true;
  if (name === 'KMSThrottlingException' || name === 'InternalFailureException' || name === 'ServiceUnavailableException') return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  // No HTTP answer at all: connection refused or reset, DNS, timeout.
  return true;
}
