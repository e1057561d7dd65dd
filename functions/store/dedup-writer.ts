import { routeRecord } from '../route/route-record.js';
import type { RoutesConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import type { ObjectSink } from '../sinks/object-sink.js';
import { encodeParquet, type Row } from '../sinks/parquet-encode.js';
import { objectKey, partitionOf, type Partition } from '../sinks/partition.js';
import { TABLES, type TableName } from '../sinks/table-schema.js';
import { emptyCounts, quarantineRow, type BatchCounts } from '../sinks/write-batch.js';
import { objectIdFor } from './object-ids.js';
import type { StoredIds } from './stored-ids.js';

export interface DedupCounts extends BatchCounts {
  /** Rows not written because the table already held their event_id. */
  alreadyStored: number;
}

interface Group {
  table: TableName;
  partition: Partition;
  untimed: boolean;
  rows: Row[];
  ids: string[];
}

/**
 * Writes records into the local store so that each table holds each event_id once, whatever
 * was written before: rows whose event_id the table already holds (in the row's partition, or,
 * for rows without event time, in any untimed object) are dropped, and the rest become objects
 * named by the ids they hold (object-ids.ts). Nothing stored is ever replaced by other rows or
 * deleted. A crash after some objects are written is safe: a re-run finds their ids and writes
 * only the rest. Writes are serialized, so records from several inputs of one run that share
 * ids (overlapping exports) are stored once.
 */
export class DedupWriter {
  private queue: Promise<unknown> = Promise.resolve();
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
  ) {}

  write(records: readonly LogRecord[]): Promise<DedupCounts> {
    const next = this.queue.then(() => this.writeNow(records));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async writeNow(records: readonly LogRecord[]): Promise<DedupCounts> {
    const counts: DedupCounts = { ...emptyCounts(), alreadyStored: 0 };
    for (const g of this.group(records, counts).values()) {
      const dir = `dt=${g.partition.dt}/hour=${g.partition.hour}`;
      this.written.add(`${g.table}/${dir}`);
      const held = g.untimed ? await this.stored.untimedIds(g.table) : await this.stored.partition(g.table, dir);
      const rows: Row[] = [];
      const ids: string[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < g.rows.length; i++) {
        const id = g.ids[i];
        if (held.has(id) || seen.has(id)) {
          counts.alreadyStored++;
          continue;
        }
        seen.add(id);
        rows.push(g.rows[i]);
        ids.push(id);
      }
      if (rows.length === 0) continue;
      const body = encodeParquet(TABLES[g.table], rows);
      await this.sink.put(objectKey(g.table, g.partition, objectIdFor(g.untimed ? 'untimed' : 'events', ids)), body);
      this.stored.added(g.table, dir, g.untimed, ids);
      counts.rows[g.table] += rows.length;
      counts.objects++;
      counts.bytes += body.length;
    }
    return counts;
  }

  /** Rows by table, partition and whether they have an event time, in first-seen order. */
  private group(records: readonly LogRecord[], counts: BatchCounts): Map<string, Group> {
    const groups = new Map<string, Group>();
    const add = (table: TableName, record: LogRecord, row: Row): void => {
      const partition = partitionOf(record.time, record.received_time);
      const untimed = record.time === null;
      const slot = `${table}/${partition.dt}/${partition.hour}/${untimed ? 'u' : 't'}`;
      let g = groups.get(slot);
      if (g === undefined) groups.set(slot, (g = { table, partition, untimed, rows: [], ids: [] }));
      g.rows.push(row);
      g.ids.push(record.event_id);
    };
    for (const record of records) {
      const route = routeRecord(record, this.routes);
      if (route.logsTable !== null) add(route.logsTable, record, record as unknown as Row);
      else if (route.leftOut === 'dropped') counts.dropped++;
      else counts.sampledOut++;
      if (route.quarantine) add('quarantine', record, quarantineRow(record));
    }
    return groups;
  }
}
