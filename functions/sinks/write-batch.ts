import type { Finding } from '../detect/types.js';
import type { LogRecord } from '../shared/record.js';
import { formatDate } from '../shared/time.js';
import type { BatchResult } from './batch-counts.js';
import type { ObjectSink } from './object-sink.js';
import { TableObjects, type ObjectNaming } from './table-objects.js';


export interface BatchInput extends ObjectNaming {
  records: readonly LogRecord[];
  findings: readonly Finding[];
  /** The findings rows' written_at (wall clock). */
  writtenAt: Date;
}

/**
 * The stage the CLI and the Lambda share after detection: records and findings are routed to
 * tables, grouped by table and partition, encoded as one Parquet object each, and put to the sink.
 * (The Lambda streams its records into TableObjects as it decodes them instead.)
 */
export async function writeBatch(input: BatchInput, sink: ObjectSink): Promise<BatchResult> {
  const objects = new TableObjects(input);
  for (const record of input.records) objects.add(record);
  const writtenAt = formatDate(input.writtenAt);
  for (const f of input.findings) objects.addFinding(f, writtenAt);
  return objects.finish(sink);
}
