import { TABLE_NAMES, type TableName } from './table-schema.js';

export interface BatchCounts {
  /** Rows written per table. */
  rows: Record<TableName, number>;
  /** Records a drop rule kept out of the logs tables. */
  dropped: number;
  /** Records a sample rule kept out of the logs tables. */
  sampledOut: number;
  objects: number;
  bytes: number;
}

export interface BatchResult extends BatchCounts {
  /** The object keys written. */
  keys: string[];
}

export function emptyCounts(): BatchCounts {
  return { rows: { logs: 0, logs_auth: 0, quarantine: 0, findings: 0 }, dropped: 0, sampledOut: 0, objects: 0, bytes: 0 };
}

export function addCounts(into: BatchCounts, c: BatchCounts): void {
  for (const t of TABLE_NAMES) into.rows[t] += c.rows[t];
  into.dropped += c.dropped;
  into.sampledOut += c.sampledOut;
  into.objects += c.objects;
  into.bytes += c.bytes;
}
