import { routeRecord } from '../route/route-record.js';
import type { RoutesConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import type { ObjectSink } from '../sinks/object-sink.js';
import type { Row, TableWriter } from '../sinks/parquet-encode.js';
import { objectKey, partitionOf, type Partition } from '../sinks/partition.js';
import type { TableName } from '../sinks/table-schema.js';
import { addCounts, emptyCounts, type BatchCounts } from '../sinks/batch-counts.js';
import { quarantineRow } from '../sinks/quarantine-row.js';
import { releaseWriter, takeWriter } from '../sinks/writer-pool.js';
import { objectIdFor } from './object-ids.js';
import type { IdSet } from './id-set.js';
import type { StoredIds } from './stored-ids.js';

export interface DedupCounts extends BatchCounts {
  /** Rows not written because the table already held their event_id. */
  alreadyStored: number;
}

export interface DedupWriterOptions {
  /** A pending object is written once it holds this many rows (default: only on flush). */
  segmentRows?: number;
  /** All pending objects are written once they hold this many rows together (default: 4 segments). */
  maxPendingRows?: number;
}

/** The rows of one future object: one table, partition, and timed or not. */
interface Group {
  table: TableName;
  partition: Partition;
  dir: string;
  untimed: boolean;
  /** The ids checked for this group (the partition's, or the table's untimed ids), with the group's own pending ids added. */
  held: IdSet;
  /** The rows' values, encoded as they arrive: the records themselves are not kept. */
  rows: TableWriter;
  ids: string[];
}

export const emptyDedupCounts = (): DedupCounts => ({ ...emptyCounts(), alreadyStored: 0 });

export function addDedupCounts(into: DedupCounts, c: DedupCounts): void {
  addCounts(into, c);
  into.alreadyStored += c.alreadyStored;
}

/**
 * Writes records into the local store so that each table holds each event_id once, whatever
 * was written before: rows whose event_id the table already holds (in the row's partition, or,
 * for rows without event time, in any untimed object) are dropped, and the rest become objects
 * named by the ids they hold (object-ids.ts). Nothing stored is ever replaced by other rows or
 * deleted. A crash after some objects are written is safe: a re-run finds their ids and writes
 * only the rest. Calls are serialized, so records from several inputs of one run that share
 * ids (overlapping exports) are stored once.
 *
 * `add` takes each record's values into the builder of its object at once and drops the record
 * (held records outlive the young generation and cost GC time and peak RSS); an object is
 * written when it holds `segmentRows` rows, the rest on `flush`.
 */
export class DedupWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly groups = new Map<string, Group>();
  private pending = 0;
  private readonly segmentRows: number;
  private readonly maxPendingRows: number;
  /**
   * The partitions the run's rows belong to (`<table>/dt=…/hour=…`), written to or not, for
   * compaction at the end of the run: a re-run of the same input thereby also finishes a
   * compaction that was killed in those partitions.
   */
  readonly written = new Set<string>();

  constructor(
    private readonly sink: ObjectSink,
    private readonly stored: StoredIds,
    private readonly routes: RoutesConfig,
    opts: DedupWriterOptions = {},
  ) {
    this.segmentRows = opts.segmentRows ?? Infinity;
    this.maxPendingRows = opts.maxPendingRows ?? this.segmentRows * 4;
  }

  /** Takes the records; writes the objects that became full. */
  add(records: readonly LogRecord[]): Promise<DedupCounts> {
    return this.serial(() => this.addNow(records));
  }

  /** Writes every pending object. */
  flush(): Promise<DedupCounts> {
    return this.serial(() => this.flushNow());
  }

  /** The records and everything pending, written now. */
  write(records: readonly LogRecord[]): Promise<DedupCounts> {
    return this.serial(async () => {
      const counts = await this.addNow(records);
      addDedupCounts(counts, await this.flushNow());
      return counts;
    });
  }

  private serial(work: () => Promise<DedupCounts>): Promise<DedupCounts> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async addNow(records: readonly LogRecord[]): Promise<DedupCounts> {
    const counts = emptyDedupCounts();
    for (const record of records) {
      const route = routeRecord(record, this.routes);
      // take() is synchronous but when it opens a group or writes one: no await per record.
      if (route.logsTable !== null) {
        const io = this.take(route.logsTable, record, record as unknown as Row, counts);
        if (io !== undefined) await io;
      } else if (route.leftOut === 'dropped') counts.dropped++;
      else counts.sampledOut++;
      if (route.quarantine) {
        const io = this.take('quarantine', record, quarantineRow(record), counts);
        if (io !== undefined) await io;
      }
    }
    if (this.pending >= this.maxPendingRows) addDedupCounts(counts, await this.flushNow());
    return counts;
  }

  private take(table: TableName, record: LogRecord, row: Row, counts: DedupCounts): Promise<void> | undefined {
    const t = record.time ?? record.received_time;
    const untimed = record.time === null;
    // `<table>/YYYY-MM-DDTHH/<u|t>`: the partition (partitionOf) without building it per record.
    const slot = `${table}/${t.slice(0, 13)}/${untimed ? 'u' : 't'}`;
    const g = this.groups.get(slot);
    if (g === undefined) return this.open(slot, table, partitionOf(record.time, record.received_time), untimed).then(() => this.take(table, record, row, counts));
    if (!g.held.addNew(record.event_id)) {
      counts.alreadyStored++;
      return undefined;
    }
    g.rows.add(row);
    g.ids.push(record.event_id);
    this.pending++;
    if (g.ids.length >= this.segmentRows) return this.writeGroup(slot, g).then((c) => addDedupCounts(counts, c));
    return undefined;
  }

  private async open(slot: string, table: TableName, partition: Partition, untimed: boolean): Promise<void> {
    const dir = `dt=${partition.dt}/hour=${partition.hour}`;
    this.written.add(`${table}/${dir}`);
    // The group keeps its set even if StoredIds evicts it: no other group checks the same set
    // while this one is open, and an evicted set is read again from the objects, these included.
    const held = untimed ? await this.stored.untimedIds(table) : await this.stored.partition(table, dir);
    const g: Group = { table, partition, dir, untimed, held, rows: takeWriter(table), ids: [] };
    this.groups.set(slot, g);
  }

  private async flushNow(): Promise<DedupCounts> {
    const counts = emptyDedupCounts();
    for (const [slot, g] of [...this.groups]) addDedupCounts(counts, await this.writeGroup(slot, g));
    return counts;
  }

  private async writeGroup(slot: string, g: Group): Promise<DedupCounts> {
    this.groups.delete(slot);
    this.pending -= g.ids.length;
    const counts = emptyDedupCounts();
    if (g.ids.length === 0) {
      releaseWriter(g.table, g.rows);
      return counts;
    }
    const body = g.rows.finish();
    releaseWriter(g.table, g.rows);
    await this.sink.put(objectKey(g.table, g.partition, objectIdFor(g.untimed ? 'untimed' : 'events', g.ids)), body);
    this.stored.added(g.table, g.dir, g.untimed, g.ids, g.held);
    counts.rows[g.table] += g.ids.length;
    counts.objects++;
    counts.bytes += body.length;
    return counts;
  }
}
