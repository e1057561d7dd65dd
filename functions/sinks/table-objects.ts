import type { Finding } from '../detect/types.js';
import { routeRecord } from '../route/route-record.js';
import type { RoutesConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { emptyCounts, type BatchResult } from './batch-counts.js';
import type { ObjectSink } from './object-sink.js';
import type { Row, TableWriter } from './parquet-encode.js';
import { objectKey, partitionOf } from './partition.js';
import { quarantineRow } from './quarantine-row.js';
import type { TableName } from './table-schema.js';
import { releaseWriter, takeWriter } from './writer-pool.js';

export interface ObjectNaming {
  /** Names the objects after their input, so the same input rewrites the same objects. */
  objectId: string;
  routes: RoutesConfig;
}

/** One object being built: its key (fixed by its first row), its column builders, rows not yet in them. */
interface Slot {
  key: string;
  table: TableName;
  writer: TableWriter;
  rows: Row[];
}

/** `YYYY-MM-DDTHH`: the part of a record time that names its partition. */
const HOUR_PREFIX = 13;

/**
 * Records held before their rows go into the column builders: fed one row between two records'
 * decoding, the builders cost more CPU (their state, a few dozen leaves, falls out of cache
 * between rows); held whole, a batch's records would be copied by every young-generation GC.
 * A few hundred keeps both small.
 */
export const ROWS_CHUNK = 256;

/**
 * A batch's table objects, built as records arrive: each record is routed, and its row goes into
 * the column builders of its table and partition's object (the builders keep the values, not the
 * record: a caller drops each record once added; at most ROWS_CHUNK are held here). `finish`
 * encodes each object and puts it, in the order the objects were first seen.
 */
export class TableObjects {
  private readonly slots = new Map<string, Slot>();
  /** Per table, slots recently used with their hour prefixes: consecutive records mostly share one. */
  private readonly recent = new Map<TableName, { prefix: string; slot: Slot }[]>();
  private readonly counts = emptyCounts();
  private pending: LogRecord[] = [];
  private pendingIds: (string | undefined)[] = [];

  constructor(private readonly naming: ObjectNaming) {}

  /**
   * Routes a record to its logs table (unless a rule left it out) and to quarantine.
   * `objectId` names the objects this record is the first row of (default: the naming's).
   */
  add(record: LogRecord, objectId?: string): void {
    this.pending.push(record);
    this.pendingIds.push(objectId);
    if (this.pending.length >= ROWS_CHUNK) this.drain();
  }

  /** A findings row; `writtenAt` is record-time text (the rows' written_at). */
  addFinding(f: Finding, writtenAt: string): void {
    this.drain();
    const slot = this.slotFor('findings', f.time, f.time, this.naming.objectId);
    slot.writer.add({ ...f, evidence_count: f.evidence.length, written_at: writtenAt });
  }

  /** Encodes and puts every object; what was written, with the drop and sample counts. */
  async finish(sink: ObjectSink): Promise<BatchResult> {
    this.drain();
    const result: BatchResult = { ...this.counts, rows: { ...this.counts.rows }, keys: [] };
    for (const { key, table, writer } of this.slots.values()) {
      const rows = writer.rowCount;
      const body = writer.finish();
      releaseWriter(table, writer);
      await sink.put(key, body);
      result.keys.push(key);
      result.rows[table] += rows;
      result.objects++;
      result.bytes += body.length;
    }
    this.slots.clear();
    this.recent.clear();
    return result;
  }

  /** Routes the held records, then hands each object its rows. */
  private drain(): void {
    const records = this.pending;
    if (records.length === 0) return;
    const ids = this.pendingIds;
    this.pending = [];
    this.pendingIds = [];
    const routes = this.naming.routes;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const id = ids[i] ?? this.naming.objectId;
      const route = routeRecord(record, routes);
      if (route.logsTable !== null) this.slotFor(route.logsTable, record.time, record.received_time, id).rows.push(record as unknown as Row);
      else if (route.leftOut === 'dropped') this.counts.dropped++;
      else this.counts.sampledOut++;
      if (route.quarantine) this.slotFor('quarantine', record.time, record.received_time, id).rows.push(quarantineRow(record));
    }
    for (const slot of this.slots.values()) {
      const rows = slot.rows;
      if (rows.length === 0) continue;
      for (let i = 0; i < rows.length; i++) slot.writer.add(rows[i]);
      slot.rows = [];
    }
  }

  private slotFor(table: TableName, time: string | null, received: string, objectId: string): Slot {
    const t = time ?? received;
    let recent = this.recent.get(table);
    if (recent === undefined) this.recent.set(table, (recent = []));
    for (let i = 0; i < recent.length; i++) if (t.startsWith(recent[i].prefix)) return recent[i].slot;
    const p = partitionOf(time, received);
    const name = `${table}/${p.dt}/${p.hour}`;
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = { key: objectKey(table, p, objectId), table, writer: takeWriter(table), rows: [] };
      this.slots.set(name, slot);
    }
    // Only a whole hour prefix may stand for the partition (a shorter string could prefix others).
    if (t.length >= HOUR_PREFIX) {
      if (recent.length === 4) recent.shift();
      recent.push({ prefix: t.slice(0, HOUR_PREFIX), slot });
    }
    return slot;
  }
}
