import { DETECT_BATCH, DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import type { parseContextFor } from '../functions/pipeline/parse-context.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import type { LogRecord } from '../functions/shared/record.js';
import { MemoryObjectSink } from '../functions/sinks/object-sink.js';
import { writeBatch } from '../functions/sinks/write-batch.js';
import { SEGMENT_RECORDS } from '../bin/cli/store-run.js';

/**
 * What `logsift run` does per record, in process: parse and normalize, detect (state in memory,
 * batches of DETECT_BATCH), route, and encode Parquet per segment of SEGMENT_RECORDS into a
 * memory sink (no disk, so the row compares work, not the file system).
 */
export function storeRun(events: RawEvent[], ctx: ReturnType<typeof parseContextFor>): () => Promise<void> {
  return async () => {
    const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
    const sink = new MemoryObjectSink();
    let segment: LogRecord[] = [];
    const write = async (): Promise<void> => {
      await writeBatch({ records: segment, findings: [], objectId: `bench-r${sink.objects.size}`, routes: DEFAULT_CONFIG.routes, writtenAt: new Date() }, sink);
      segment = [];
    };
    for (let i = 0; i < events.length; i++) {
      const rec = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
      engine.push(rec);
      segment.push(rec);
      if ((i + 1) % DETECT_BATCH === 0) await engine.flush();
      if (segment.length === SEGMENT_RECORDS) await write();
    }
    if (segment.length > 0) await write();
    const findings = await engine.end();
    await writeBatch({ records: [], findings, objectId: 'bench-findings', routes: DEFAULT_CONFIG.routes, writtenAt: new Date() }, sink);
    if (sink.objects.size === 0) throw new Error('nothing written');
  };
}
