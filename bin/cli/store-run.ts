import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DETECT_BATCH, DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { BatchStore } from '../../functions/detect/state/batch-store.js';
import { openFileState } from '../../functions/detect/state/file-store.js';
import type { Finding } from '../../functions/detect/types.js';
import { recordStream, type StreamOptions } from '../../functions/pipeline/record-stream.js';
import type { LogsiftConfig } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { rx } from '../../functions/shared/safe-regex.js';
import { DirectoryObjectSink } from '../../functions/sinks/directory-sink.js';
import { addCounts, emptyCounts, writeBatch, type BatchCounts } from '../../functions/sinks/write-batch.js';
import { chunksOf } from './io.js';
import { mergeByEventTime } from './merge.js';
import type { Progress } from './progress.js';

/**
 * Records per object segment: each input's records are cut into segments of this many, in input
 * order, and a segment's rows become one object per table and partition, named after the input
 * and the segment's first record. Input read in other chunk sizes gives the same segments, so a
 * re-run replaces every object it wrote before instead of adding copies.
 */
// 5000 rather than more: records held until their segment is written survive into the old
// generation, and garbage collection then costs more than the extra objects (bench, 15-20%).
export const SEGMENT_RECORDS = 5_000;

/** The tables segments write to (findings objects are named by content instead). */
const LOG_TABLES = ['logs', 'logs_auth', 'quarantine'] as const;

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
}

export interface StoreRunResult {
  records: number;
  bySourceFormat: Record<string, number>;
  corrections: Record<string, number>;
  parseErrors: number;
  /** Records behind the watermark when they reached detection (the engine's lateRecords). */
  lateRecords: number;
  counts: BatchCounts;
  /** Every finding this run emitted or updated, latest version, by time. */
  findings: Finding[];
}

/**
 * `logsift run`: decode, parse, correct, detect, route and write into the store. Objects are
 * written first and detector state last (as the Lambda does), so a run that stops half-way and
 * is run again leaves no duplicate rows: its objects are replaced, and its state never moved.
 */
export async function runIntoStore(input: StoreRunInput): Promise<StoreRunResult> {
  const { config } = input;
  const sink = new DirectoryObjectSink(input.store);
  const state = await openFileState(join(input.store, 'state'));
  const engine = new DetectionEngine(defaultDetectors(config.detectors), state.store, config.detectors);
  const result: StoreRunResult = { records: 0, bySourceFormat: {}, corrections: {}, parseErrors: 0, lateRecords: 0, counts: emptyCounts(), findings: [] };
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

  const names = input.inputs.map(sourceName);
  const streams = input.inputs.map((source, i) => {
    const records = recordStream(counted(chunksOf(source, input.stdin)), input.streamOptions(source));
    return segmented(records, new SegmentWriter(names[i], config, sink, result, now));
  });

  let queued = 0;
  for await (const record of mergeByEventTime(streams)) {
    engine.push(record);
    count(result, record);
    if (++queued === DETECT_BATCH) {
      queued = 0;
      await engine.flush();
      progress.update(bytesDone, result.records);
    }
  }
  await engine.flush();
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
  const findingsId = `findings-${hash(versions).slice(0, 20)}`;
  addCounts(result.counts, await writeBatch({ records: [], findings: result.findings, objectId: findingsId, routes: config.routes, writtenAt: now() }, sink));
  await state.save();
  progress.done();
  return result;
}

function count(result: StoreRunResult, r: LogRecord): void {
  result.records++;
  result.bySourceFormat[r.source_format] = (result.bySourceFormat[r.source_format] ?? 0) + 1;
  for (const c of r.corrections) result.corrections[c] = (result.corrections[c] ?? 0) + 1;
  if (r.parse_error !== null) result.parseErrors++;
}

/** Passes an input's record batches on unchanged, writing them to the store segment by segment. */
async function* segmented(batches: AsyncIterable<LogRecord[]>, writer: SegmentWriter): AsyncGenerator<LogRecord[]> {
  for await (const batch of batches) {
    await writer.add(batch);
    yield batch;
  }
  await writer.end();
}

class SegmentWriter {
  private rows: LogRecord[] = [];
  private first = 0;

  constructor(
    private readonly source: SourceName,
    private readonly config: LogsiftConfig,
    private readonly sink: DirectoryObjectSink,
    private readonly result: StoreRunResult,
    private readonly now: () => Date,
  ) {}

  async add(batch: readonly LogRecord[]): Promise<void> {
    for (const r of batch) {
      this.rows.push(r);
      if (this.rows.length === SEGMENT_RECORDS) await this.write();
    }
  }

  async end(): Promise<void> {
    if (this.rows.length > 0) await this.write();
  }

  private async write(): Promise<void> {
    const objectId = this.source.objectId(this.first, this.rows);
    const written = await writeBatch({ records: this.rows, findings: [], objectId, routes: this.config.routes, writtenAt: this.now() }, this.sink);
    await this.sink.removeOtherCopies(LOG_TABLES, objectId, written.keys);
    addCounts(this.result.counts, written);
    this.first += this.rows.length;
    this.rows = [];
  }
}

interface SourceName {
  /** Names the objects of one segment of this input. */
  objectId(firstRecord: number, rows: readonly LogRecord[]): string;
}

const UNSAFE_CHARS = rx(/[^A-Za-z0-9._-]/g);
const LEADING_NON_ALNUM = rx(/^[^A-Za-z0-9]+/);

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A file is named by its real path (so `./a.log` and `a.log` are one input) and a segment by its
 * first record number: appending to a file and running again rewrites its last segment whole.
 * Standard input has no name, so its segments are named by their content instead.
 */
function sourceName(source: string): SourceName {
  if (source === '-') {
    return {
      objectId: (first, rows) => {
        const h = createHash('sha256');
        for (const r of rows) h.update(r.event_id).update(r.message).update('\n');
        return `stdin-r${String(first).padStart(10, '0')}-${h.digest('hex').slice(0, 16)}`;
      },
    };
  }
  const path = realpathSync(resolve(source));
  const base = basename(path).replace(UNSAFE_CHARS, '_').replace(LEADING_NON_ALNUM, '').slice(0, 60) || 'input';
  const id = `${base}-${hash(path).slice(0, 12)}`;
  return { objectId: (first) => `${id}-r${String(first).padStart(10, '0')}` };
}
