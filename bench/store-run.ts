import { DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import type { parseContextFor } from '../functions/pipeline/parse-context.js';
import { RECORD_BATCH } from '../functions/pipeline/record-stream.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import type { LogRecord } from '../functions/shared/record.js';
import { MemoryObjectSink } from '../functions/sinks/object-sink.js';
import { writeBatch } from '../functions/sinks/write-batch.js';
import { DedupWriter } from '../functions/store/dedup-writer.js';
import { StoredIds } from '../functions/store/stored-ids.js';
import { SEGMENT_RECORDS } from '../bin/cli/store-run.js';

/** No store directory: StoredIds finds nothing stored, as in a first run. */
const NO_STORE = '/nonexistent/logsift-bench-store';

/**
 * What `logsift run` does per record, in process: parse and normalize, detect (state in memory,
 * flushed as the CLI does), route (records in RECORD_BATCH batches, as record-stream yields them), dedupe and encode Parquet as records arrive, an object per
 * SEGMENT_RECORDS rows (DedupWriter, as bin/cli/store-run.ts uses it), into a memory sink (no
 * disk, so the row compares work, not the file system). End-of-run compaction is left out.
 */
export function storeRun(events: RawEvent[], ctx: ReturnType<typeof parseContextFor>): () => Promise<void> {
  return async () => {
    const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
    const sink = new MemoryObjectSink();
    const writer = new DedupWriter(sink, new StoredIds(NO_STORE), DEFAULT_CONFIG.routes, { segmentRows: SEGMENT_RECORDS });
    let batch: LogRecord[] = [];
    for (let i = 0; i < events.length; i++) {
      const rec = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
      engine.push(rec);
      batch.push(rec);
      if (batch.length === RECORD_BATCH) {
        await writer.add(batch);
        batch = [];
      }
      if (engine.flushDue) await engine.flush();
    }
    await writer.add(batch);
    await writer.flush();
    const findings = await engine.end();
    await writeBatch({ records: [], findings, objectId: 'bench-findings', routes: DEFAULT_CONFIG.routes, writtenAt: new Date() }, sink);
    if (sink.objects.size === 0) throw new Error('nothing written');
  };
}
