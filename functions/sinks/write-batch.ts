import type { Finding } from '../detect/types.js';
import { rawSourceOf } from '../pipeline/raw-source.js';
import { routeRecord } from '../route/route-record.js';
import type { RoutesConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { formatDate } from '../shared/time.js';
import type { ObjectSink } from './object-sink.js';
import { encodeParquet, type Row } from './parquet-encode.js';
import { objectKey, partitionOf } from './partition.js';
import { TABLE_NAMES, TABLES, type TableName } from './table-schema.js';

export interface BatchInput {
  records: readonly LogRecord[];
  findings: readonly Finding[];
  /** Names the batch's objects after its input, so the same input rewrites the same objects. */
  objectId: string;
  /**
   * Names each records object after the first record it holds instead (Lambda:
   * `<shardId>-<sequence number of that record>`), so a retried or bisected batch rewrites
   * exactly the objects an earlier attempt wrote (docs/runtime.md). Findings keep `objectId`.
   */
  objectIdOf?: (first: LogRecord) => string;
  routes: RoutesConfig;
  /** The findings rows' written_at (wall clock). */
  writtenAt: Date;
}

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

/**
 * The stage the CLI and the Lambda share after detection: records and findings are routed to
 * tables, grouped by table and partition, encoded as one Parquet object each, and put to the sink.
 */
export async function writeBatch(input: BatchInput, sink: ObjectSink): Promise<BatchResult> {
  const counts: BatchResult = { ...emptyCounts(), keys: [] };
  const groups = groupRows(input, counts);
  for (const [key, { table, rows }] of groups) {
    const body = encodeParquet(TABLES[table], rows);
    await sink.put(key, body);
    counts.keys.push(key);
    counts.rows[table] += rows.length;
    counts.objects++;
    counts.bytes += body.length;
  }
  return counts;
}

/** Rows by object key (table + partition + object id), in first-seen order. */
export function groupRows(input: BatchInput, counts: BatchCounts): Map<string, { table: TableName; rows: Row[] }> {
  const groups = new Map<string, { table: TableName; rows: Row[] }>();
  // Table and partition -> object key, fixed by the group's first row.
  const keys = new Map<string, string>();
  const add = (table: TableName, time: string | null, received: string, row: Row, record: LogRecord | null): void => {
    const p = partitionOf(time, received);
    const slot = `${table}/${p.dt}/${p.hour}`;
    let key = keys.get(slot);
    if (key === undefined) {
      key = objectKey(table, p, record !== null && input.objectIdOf ? input.objectIdOf(record) : input.objectId);
      keys.set(slot, key);
    }
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { table, rows: [] }));
    g.rows.push(row);
  };
  for (const record of input.records) {
    const route = routeRecord(record, input.routes);
    if (route.logsTable !== null) add(route.logsTable, record.time, record.received_time, record as unknown as Row, record);
    else if (route.leftOut === 'dropped') counts.dropped++;
    else counts.sampledOut++;
    if (route.quarantine) add('quarantine', record.time, record.received_time, quarantineRow(record), record);
  }
  const writtenAt = formatDate(input.writtenAt);
  for (const f of input.findings) {
    add('findings', f.time, f.time, { ...f, evidence_count: f.evidence.length, written_at: writtenAt }, null);
  }
  return groups;
}

/** A quarantine row: the record's identity and error with the raw bytes as framed. */
export function quarantineRow(record: LogRecord): Row {
  const raw = rawSourceOf(record);
  // Without the raw event (a record built outside the pipeline) the message is the raw input.
  const bytes = raw?.data ?? Buffer.from(record.message, record.message_encoding === 'base64' ? 'base64' : 'utf8');
  return {
    event_id: record.event_id,
    time: record.time,
    received_time: record.received_time,
    host: record.host,
    source_format: record.source_format,
    source_identity: raw?.identity ?? 'unknown',
    error: record.parse_error,
    raw: bytes,
    raw_size: bytes.length,
  };
}
