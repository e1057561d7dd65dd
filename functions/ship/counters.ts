/** What `logsift ship` reports on stderr. */
export interface ShipCounters {
  /** Entries read from the source / acknowledged by Kinesis. */
  entries: number;
  acked: number;
  /** Entry bytes read (before gzip) / record bytes sent and acknowledged (after gzip). */
  bytes: number;
  sentBytes: number;
  records: number;
  calls: number;
  /** Records sent again after a failed entry or call. */
  retries: number;
  /** Entries of PutRecords answers that said ProvisionedThroughputExceededException. */
  throttled: number;
  /** Whole calls that failed (network, 5xx, throttling) and were retried. */
  callErrors: number;
  /** Entries the framer had to cut or could not frame: shipped alone, flagged downstream. */
  badEntries: number;
  cursorWrites: number;
  /** Times reading stopped because too much was in flight. */
  pauses: number;
  sourceRestarts: number;
}

export function newCounters(): ShipCounters {
  return {
    entries: 0, acked: 0, bytes: 0, sentBytes: 0, records: 0, calls: 0, retries: 0, throttled: 0,
    callErrors: 0, badEntries: 0, cursorWrites: 0, pauses: 0, sourceRestarts: 0,
  };
}

/** One `key=value` line: easy to read, easy to grep. */
export function formatCounters(c: ShipCounters, pending: number, lagSeconds: number): string {
  return (
    `entries=${c.entries} acked=${c.acked} pending=${pending} bytes=${c.bytes} sent_bytes=${c.sentBytes} ` +
    `records=${c.records} calls=${c.calls} retries=${c.retries} throttled=${c.throttled} call_errors=${c.callErrors} ` +
    `bad_entries=${c.badEntries} cursor_writes=${c.cursorWrites} pauses=${c.pauses} source_restarts=${c.sourceRestarts} ` +
    `lag_s=${lagSeconds.toFixed(1)}`
  );
}
