import { deaggregateSync, type UserRecord } from 'aws-kinesis-agg';

/** KPL aggregation magic (amazon-kinesis-producer aggregation-format.md). */
const KPL_MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);
const MD5_BYTES = 16;

export interface KplUserRecord {
  /** Index of the user record in the aggregate: the Kinesis sub-sequence number. */
  subSequence: number;
  partitionKey: string | undefined;
  data: Buffer;
}

export function isKplAggregate(data: Buffer): boolean {
  return data.length >= KPL_MAGIC.length && data.subarray(0, KPL_MAGIC.length).equals(KPL_MAGIC);
}

/**
 * Splits a KPL aggregate into its user records, MD5 checked (a truncated aggregate fails the
 * check too). Returns an error string instead of throwing.
 */
export function deaggregateKpl(
  base64Data: string,
  partitionKey: string,
  sequenceNumber: string,
): { records: KplUserRecord[]; error?: undefined } | { records?: undefined; error: string } {
  if (Buffer.byteLength(base64Data, 'base64') < KPL_MAGIC.length + MD5_BYTES) {
    return { error: 'truncated KPL aggregate: shorter than magic number and MD5 digest' };
  }
  let failure: Error | undefined;
  let userRecords: UserRecord[] = [];
  try {
    // The library reports errors through the callback, possibly more than once; keep the first.
    deaggregateSync({ data: base64Data, partitionKey, sequenceNumber } as never, true, (err, records) => {
      if (err) failure ??= err;
      else if (records) userRecords = records;
    });
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) return { error: `invalid KPL aggregate: ${failure.message}` };
  return {
    records: userRecords.map((r, i) => ({
      subSequence: typeof r.subSequenceNumber === 'number' ? r.subSequenceNumber : i,
      partitionKey: typeof r.partitionKey === 'string' ? r.partitionKey : undefined,
      data: Buffer.from(r.data, 'base64'),
    })),
  };
}
