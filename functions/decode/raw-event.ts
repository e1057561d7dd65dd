/**
 * One event cut out of its transport (a Kinesis record, a file, stdin), before parsing.
 * `identity` is the transport-level source identity that `event_id` is derived from when the
 * event carries no identity of its own (journald entries do: `_BOOT_ID` + `__CURSOR`).
 */
export interface RawEvent {
  /** The event's bytes, exactly as framed. */
  data: Buffer;
  /** Stable source identity, e.g. `kinesis:<shard>:<seq>:<subseq>:<index>` or `file:<name>:<n>`. */
  identity: string;
  /** When the pipeline received it: Kinesis approximate arrival time, or the CLI's clock/flag. */
  receivedTime: Date;
  /**
   * Set when the bytes could not be decoded (corrupt gzip, truncated KPL, oversized event):
   * the event becomes a record with this error and the raw bytes kept as base64.
   */
  decodeError?: string;
  /** Envelope metadata to carry into `fields` (e.g. CloudWatch log group, Kinesis partition key). */
  envelope?: Record<string, string>;
  /** Event time the envelope states (CloudWatch logEvent timestamp, epoch ms), used if the payload has none. */
  envelopeTimeMs?: number;
  /** Format the envelope implies for the payload (CloudWatch events become `cloudwatch` when plain). */
  envelopeFormat?: 'cloudwatch';
}
