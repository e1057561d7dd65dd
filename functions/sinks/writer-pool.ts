import { TableWriter } from './parquet-encode.js';
import { TABLES, type TableName } from './table-schema.js';

/**
 * Finished Parquet writers, per table, for the next object of the process (the Lambda's next
 * batch, the CLI's next 5,000-row object). Reused rather than built again: besides the buffers
 * they grew, optimized code of the hot path holds on to the writers it saw, and when they were
 * collected (a full GC between batches) that code was thrown away and the next batch ran the
 * column builders unoptimized until V8 compiled them again (~60 ms of CPU a 10,000-record
 * batch); in `run`, new builders per object also left ~3 MB of buffers to die in the old
 * generation. A few per table, the most a batch uses at once.
 */
const idle = new Map<TableName, TableWriter[]>();
const IDLE_PER_TABLE = 4;

/** An empty writer for the table: a finished one reset, or a new one. */
export function takeWriter(table: TableName): TableWriter {
  return idle.get(table)?.pop() ?? new TableWriter(TABLES[table]);
}

/** Gives a writer back once its file is finished (its bytes are copied out by `finish`). */
export function releaseWriter(table: TableName, writer: TableWriter): void {
  let list = idle.get(table);
  if (list === undefined) idle.set(table, (list = []));
  if (list.length >= IDLE_PER_TABLE) return;
  writer.reset();
  list.push(writer);
}
