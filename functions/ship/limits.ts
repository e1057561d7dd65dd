/**
 * Kinesis Data Streams limits for PutRecords (API reference, "PutRecords"; developer guide,
 * "Quotas and limits"), and what one PUT payload unit is for pricing.
 */
export const KINESIS = {
  /** Records per PutRecords call. */
  maxRecordsPerCall: 500,
  /** Data + partition keys of one call. */
  maxCallBytes: 5 * 1024 * 1024,
  /** Data blob + partition key of one record. */
  maxRecordBytes: 1024 * 1024,
  /** Partition keys are 1..256 Unicode characters. */
  maxPartitionKeyChars: 256,
  /** Provisioned mode bills each record in 25 KB units, rounded up (25,000 bytes: the stricter reading of "25 KB"). */
  putPayloadUnitBytes: 25_000,
} as const;

/** Room kept beside an entry in a record: the partition key (at most 256 characters, 4 bytes each in UTF-8) and the framing. */
export const RECORD_OVERHEAD_BYTES = KINESIS.maxPartitionKeyChars * 4 + 2;

/** The longest entry that still fits in a record of its own. */
export const MAX_ENTRY_BYTES = KINESIS.maxRecordBytes - RECORD_OVERHEAD_BYTES;
