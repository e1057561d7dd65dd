import type { Finding } from '../detect/types.js';
import { routeRecord } from '../route/route-record.js';
import type { RoutesConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { emptyCounts, type BatchResult } from './batch-counts.js';
import type { ObjectSink } from './object-sink.js';
import { TableWriter, type Row } from './parquet-encode.js';
import { objectKey, partitionOf } from './partition.js';
import { quarantineRow } from './quarantine-row.js';
import { TABLES, type TableName } from './table-schema.js';

export interface ObjectNaming {
  /** Names the objects after their input, so the same input rewrites the same objects. */
  objectId: string;
  /**
   * Names each records object after the first record it holds instead (Lambda:
   * `<shardId>-<sequence number of that record>`), so a retried or bisected batch rewrites
   * exactly the objects an earlier attempt wrote (docs/runtime.md). Asked once per object, when
   * its first record arrives. Findings keep `objectId`.
   */
  objectIdOf?: (first: LogRecord) => string;
  routes: RoutesConfig;
}

/** One object being built: its key (fixed by its first row) and its column builders. */
interface Slot {
  key: string;
  table: TableName;
  writer: TableWriter;
}

/** `YYYY-MM-DDTHH`: the part of a record time that names its partition. */
const HOUR_PREFIX = 13;

/**
 * A batch's table objects, built as records arrive: each record is routed, and its row goes
 * straight into the column builders of its table and partition's object (the builders keep the
 * values, not the record, so a caller can drop each record once added). `finish` encodes each
 * object and puts it, in the order the objects were first seen.
 */
export class TableObjects {
  private readonly slots = new Map<string, Slot>();
  /** Per table, the last slot used and its hour prefix: consecutive records mostly share both. */
  private readonly last = new Map<TableName, { prefix: string; slot: Slot }>();
  private readonly counts = emptyCounts();

  constructor(private readonly naming: ObjectNaming) {}

  /** Routes a record to its logs table (unless a rule left it out) and to quarantine. */
  add(record: LogRecord): void {
    const route = routeRecord(record, this.naming.routes);
    if (route.logsTable !== null) this.slotFor(route.logsTable, record.time, record.received_time, record).writer.add(record as unknown as Row);
    else if (route.leftOut === 'dropped') this.counts.dropped++;
    else this.counts.sampledOut++;
    if (route.quarantine) this.slotFor('quarantine', record.time, record.received_time, record).writer.add(quarantineRow(record));
  }

  /** A findings row; `writtenAt` is record-time text (the rows' written_at). */
  addFinding(f: Finding, writtenAt: string): void {
    this.slotFor('findings', f.time, f.time, null).writer.add({ ...f, evidence_count: f.evidence.length, written_at: writtenAt });
  }

  /** Encodes and puts every object; what was written, with the drop and sample counts. */
  async finish(sink: ObjectSink): Promise<BatchResult> {
    const result: BatchResult = { ...this.counts, rows: { ...this.counts.rows }, keys: [] };
    for (const { key, table, writer } of this.slots.values()) {
      const rows = writer.rowCount;
      const body = writer.finish();
      await sink.put(key, body);
      result.keys.push(key);
      result.rows[table] += rows;
      result.objects++;
      result.bytes += body.length;
    }
    this.slots.clear();
    this.last.clear();
    return result;
  }

  private slotFor(table: TableName, time: string | null, received: string, record: LogRecord | null): Slot {
    const t = time ?? received;
    const last = this.last.get(table);
    if (last !== undefined && t.startsWith(last.prefix)) return last.slot;
    const p = partitionOf(time, received);
    const name = `${table}/${p.dt}/${p.hour}`;
    let slot = this.slots.get(name);
    if (slot === undefined) {
      const id = record !== null && this.naming.objectIdOf ? this.naming.objectIdOf(record) : this.naming.objectId;
      slot = { key: objectKey(table, p, id), table, writer: new TableWriter(TABLES[table]) };
      this.slots.set(name, slot);
    }
    // Only a whole hour prefix may stand for the partition (a short string could prefix others).
    if (t.length >= HOUR_PREFIX) this.last.set(table, { prefix: t.slice(0, HOUR_PREFIX), slot });
    return slot;
  }
}
