import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { classifyKinesisError, problemLine, type CallProblem } from './kinesis-errors.js';

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

/** A PutRecords call that failed as a whole, with what it means (kinesis-errors.ts). */
export class KinesisCallError extends Error {
  constructor(readonly problem: CallProblem, readonly original: unknown) {
    super(problemLine(problem));
    this.name = 'KinesisCallError';
  }
}

export interface KinesisPut {
  put: PutRecordsFn;
  /** The region the client uses; rejects when none is configured. */
  region: () => Promise<string>;
  /** Aborts calls in flight and closes the client's connections, so the process can exit. */
  close: () => void;
}

/**
 * PutRecords through the SDK. Credentials and region come from the SDK's default chain.
 * HTTP/1.1 (NodeHttpHandler): the client's default HTTP/2 handler is needed only for
 * SubscribeToShard, and local stand-ins (kinesalite) speak HTTP/1.1 only. A failed call throws a
 * KinesisCallError that says whether retrying can help.
 */
export function kinesisPutRecords(target: KinesisTarget): KinesisPut {
  const client = kinesisClient(target);
  const abort = new AbortController();
  const put: PutRecordsFn = async (records) => {
    let out;
    try {
      out = await client.send(
        new PutRecordsCommand({
          StreamName: target.stream,
          Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
        }),
        { abortSignal: abort.signal },
      );
    } catch (err) {
      const region = await client.config.region().catch(() => target.region ?? 'no region');
      const endpoint = target.endpoint ?? process.env.AWS_ENDPOINT_URL_KINESIS ?? process.env.AWS_ENDPOINT_URL;
      throw new KinesisCallError(classifyKinesisError(err, { stream: target.stream, region, endpoint }), err);
    }
    const results = out.Records ?? [];
    if (results.length !== records.length) throw new Error(`PutRecords answered ${results.length} results for ${records.length} records`);
    return results.map((r) => r.ErrorCode ?? undefined);
  };
  // Resolving the region up front turns a missing region into a usage error, not endless retries.
  return {
    put,
    region: () => client.config.region(),
    close: () => {
      abort.abort();
      client.destroy();
    },
  };
}

/** The Kinesis client logsift uses (HTTP/1.1, bounded connect and request times). */
export function kinesisClient(target: Omit<KinesisTarget, 'stream'>): KinesisClient {
  return new KinesisClient({
    ...(target.region !== undefined ? { region: target.region } : {}),
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 30_000 }),
  });
}
