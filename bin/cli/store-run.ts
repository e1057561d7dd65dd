import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { BatchStore } from '../../functions/detect/state/batch-store.js';
import { openFileState } from '../../functions/detect/state/file-store.js';
import type { Finding } from '../../functions/detect/types.js';
import { recordStream, type StreamOptions } from '../../functions/pipeline/record-stream.js';
import type { LogsiftConfig } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { DirectoryObjectSink } from '../../functions/sinks/directory-sink.js';
import { addCounts, emptyCounts, type BatchCounts } from '../../functions/sinks/batch-counts.js';
import { writeBatch } from '../../functions/sinks/write-batch.js';
import { DirectoryObjectStore } from '../../functions/sinks/listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { DedupWriter, type DedupCounts } from '../../functions/store/dedup-writer.js';
import { lockStore, StoreLockedError } from '../../functions/store/store-lock.js';
import { StoredIds } from '../../functions/store/stored-ids.js';
import { chunksOf } from './io.js';
import { mergeByEventTime } from './merge.js';
import type { Progress } from './progress.js';
import { StoreError } from './query/errors.js';

/**
 * Rows per object written during a run: rows are encoded as they arrive into one pending object
 * per table and partition (rows already stored are left out, functions/store/dedup-writer.ts),
 * written when it holds this many.
 */
// 5000: rows are not held as records, but a pending object's encoded values are; 20,000 raised
// run's peak RSS by 15-20 MB for no CPU gain, 2,000 cost journald ~20% more CPU (more objects
// and pages), /usr/bin/time on the bench inputs.
export const SEGMENT_RECORDS = 5_000;

/** How long a second `run` waits for the one writing the store, unless --wait says otherwise. */
export const DEFAULT_WAIT_SECONDS = 60;
/** Records between progress updates (the progress line throttles drawing itself). */
const PROGRESS_EVERY = 5_000;

export interface StoreRunInput {
  inputs: string[];
  store: string;
  config: LogsiftConfig;
  streamOptions: (source: string) => StreamOptions;
  stdin: Readable;
  /** The progress display for this many bytes in all (null: unknown, stdin). */
  progressFor: (totalBytes: number | null) => Progress;
  /** findings rows' written_at. */
  now?: () => Date;
  /** Seconds to wait while another run writes the store (default DEFAULT_WAIT_SECONDS). */
  waitSeconds?: number;
  /** One line for people on stderr (waiting for the lock). */
  notice?: (line: string) => void;
}

export interface StoreRunResult {
  records: number;
  bySourceFormat: Record<string, number>;
  corrections: Record<string, number>;
  parseErrors: number;
  /** Records behind the watermark when they reached detection (the engine's lateRecords). */
  lateRecords: number;
  counts: BatchCounts;
  /** Rows not written because the store already held their event_id (an input run before). */
  alreadyStored: number;
  /** Every finding this run emitted or updated, latest version, by time. */
  findings: Finding[];
}

/**
 * `logsift run`: decode, parse, correct, detect, route and write into the store, holding the
 * store's lock throughout (one writer at a time, detector state included). Objects are written
 * first and detector state last (as the Lambda does); every table keeps each event_id once
 * (functions/store/dedup-writer.ts), so a run that stops half-way and is run again, or any
 * input run again, grown, rotated or overlapping another, adds only the events not yet stored.
 */
export async function runIntoStore(input: StoreRunInput): Promise<StoreRunResult> {
  const waitSeconds = input.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  let lock;
  try {
    lock = await lockStore(input.store, {
      waitMs: waitSeconds * 1000,
      onWait: (owner) =>
        input.notice?.(`logsift: the store ${input.store} is being written by ${owner === null ? 'another run' : `pid ${owner.pid} on ${owner.host}`}; waiting up to ${waitSeconds} s`),
    });
  } catch (err) {
    if (err instanceof StoreLockedError) throw new StoreError(err.message);
    throw err;
  }
  try {
    return await runLocked(input);
  } finally {
    await lock.release();
  }
}

async function runLocked(input: StoreRunInput): Promise<StoreRunResult> {
  const { config } = input;
  const sink = new DirectoryObjectSink(input.store);
  const stored = new StoredIds(input.store);
  const writer = new DedupWriter(sink, stored, config.routes, { segmentRows: SEGMENT_RECORDS });
  const state = await openFileState(join(input.store, 'state'));
  const engine = new DetectionEngine(defaultDetectors(config.detectors), state.store, config.detectors);
  const result: StoreRunResult = { records: 0, bySourceFormat: {}, corrections: {}, parseErrors: 0, lateRecords: 0, counts: emptyCounts(), alreadyStored: 0, findings: [] };
  const now = input.now ?? (() => new Date());

  const sizes = input.inputs.map((i) => (i === '-' ? null : statSync(i).size));
  const total = sizes.some((s) => s === null) ? null : sizes.reduce<number>((a, s) => a + (s ?? 0), 0);
  const progress = input.progressFor(total);
  let bytesDone = 0;
  const counted = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of chunks) {
      bytesDone += c.length;
      yield c;
    }
  };

  const streams = input.inputs.map((source) => {
    const records = recordStream(counted(chunksOf(source, input.stdin)), input.streamOptions(source));
    return segmented(records, writer, result);
  });

  let sinceProgress = 0;
  for await (const record of mergeByEventTime(streams)) {
    engine.push(record);
    count(result, record);
    if (engine.flushDue) await engine.flush();
    if (++sinceProgress === PROGRESS_EVERY) {
      sinceProgress = 0;
      progress.update(bytesDone, result.records);
    }
  }
  await engine.flush();
  tally(result, await writer.flush());
  // Peak memory is at the end: the ids of every partition written are garbage by compaction.
  stored.forget();
  result.lateRecords = engine.lateRecords;
  progress.update(bytesDone, result.records);

  // Windows still open stay open in the saved state, so the next run can extend them; what they
  // show so far is reported and written now, under the finding ids a later run will reuse.
  const open = await new DetectionEngine(defaultDetectors(config.detectors), new BatchStore(state.store), config.detectors).end();
  const byId = new Map(engine.findings().map((f) => [f.finding_id, f]));
  for (const f of open) byId.set(f.finding_id, f);
  result.findings = [...byId.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.finding_id < b.finding_id ? -1 : 1));

  // Named by content, not by input: a re-run may emit fewer findings (the state remembers what was
  // reported), and must not replace the object that holds the earlier ones. The same versions
  // give the same name, so re-running changes nothing; the findings view keeps the latest version.
  const versions = result.findings.map((f) => `${f.finding_id} ${f.time_end} ${f.evidence.length}`).join('\n');
  const findingsId = `findings-${createHash('sha256').update(versions).digest('hex').slice(0, 20)}`;
  addCounts(result.counts, await writeBatch({ records: [], findings: result.findings, objectId: findingsId, routes: config.routes, writtenAt: now() }, sink));
  // The run's segments (one object per 5,000 records) merged into a few objects per table and
  // hour, partition by partition, still under the lock (functions/store/compact.ts).
  await compactStore(new DirectoryObjectStore(input.store), { only: writer.written, afterMergedPut: compactHook() });
  await state.save();
  progress.done();
  return result;
}

/**
 * LOGSIFT_TEST_KILL_AFTER_MERGE=1: the process kills itself (SIGKILL) right after the first merged
 * object is put, before its sources are deleted, so tests can check what a crash there leaves.
 */
export function compactHook(): ((key: string) => void) | undefined {
  if (process.env.LOGSIFT_TEST_KILL_AFTER_MERGE !== '1') return undefined;
  return () => {
    process.kill(process.pid, 'SIGKILL');
  };
}

function count(result: StoreRunResult, r: LogRecord): void {
  result.records++;
  result.bySourceFormat[r.source_format] = (result.bySourceFormat[r.source_format] ?? 0) + 1;
  for (const c of r.corrections) result.corrections[c] = (result.corrections[c] ?? 0) + 1;
  if (r.parse_error !== null) result.parseErrors++;
}

/** Passes an input's record batches on unchanged, giving each to the store's writer first. */
async function* segmented(batches: AsyncIterable<LogRecord[]>, writer: DedupWriter, result: StoreRunResult): AsyncGenerator<LogRecord[]> {
  for await (const batch of batches) {
    tally(result, await writer.add(batch));
    yield batch;
  }
}

function tally(result: StoreRunResult, c: DedupCounts): void {
  addCounts(result.counts, c);
  result.alreadyStored += c.alreadyStored;
}
