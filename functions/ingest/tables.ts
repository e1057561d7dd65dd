/**
 * The DynamoDB key schemas the runtime relies on, in one place so the CDK stack creates exactly
 * these (docs/runtime.md lists them). Every attribute named here is a string unless noted.
 */
export const STATE_TABLE_KEYS = {
  /** Partition key: the key's group, its text up to and including the second ':' (e.g. `cert:f:`). */
  partitionKey: 'pk',
  /** Sort key: the full state key. */
  sortKey: 'sk',
  /** Number, epoch seconds; DynamoDB TTL is enabled on it (by CDK, not by the runtime). */
  ttlAttribute: 'expires_at',
} as const;

export const ALERT_TABLE_KEYS = {
  /** Partition key: the finding's id; one item per finding ever paged. */
  partitionKey: 'finding_id',
  /** Number, epoch seconds; DynamoDB TTL is enabled on it (by CDK). */
  ttlAttribute: 'expires_at',
} as const;
