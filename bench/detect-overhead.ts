/**
 * Detection overhead on the mixed stream: parse alone vs parse + every detector, flushed as the
 * CLI flushes (FLUSH_EVERY, the target), and every 10,000 records as a Lambda invocation of
 * that size must. Part of `npm run bench`;
 * alone (quicker, while working on detection): `npm run build && node --expose-gc dist/bench/detect-overhead.js`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { parseContextFor } from '../functions/pipeline/parse-context.js';
import { serializeRecord } from '../functions/pipeline/serialize-record.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { RECORD_BATCH } from '../functions/pipeline/record-stream.js';
import type { LogRecord } from '../functions/shared/record.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import { mixedLines } from './inputs.js';
import { compare, fmtRate } from './measure.js';

export const received = new Date('2026-11-26T02:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);

/** Flush as the CLI does (engine.flushDue). */
export const CLI_FLUSH = 'cli';

export interface OverheadRow {
  /** Records per flush, or CLI_FLUSH. */
  batch: number | typeof CLI_FLUSH;
  parseOnly: number;
  withDetect: number;
  /** Fraction detection adds to parsing's CPU time. */
  overhead: number;
}

/** Parses, normalizes and serializes events [start, end) into `out`; returns bytes written. */
export function parseChunk(events: RawEvent[], start: number, end: number, out: LogRecord[]): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const rec = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
    bytes += serializeRecord(rec).length;
    out.push(rec);
  }
  return bytes;
}

function pushChunk(engine: DetectionEngine, records: LogRecord[]): void {
  for (let i = 0; i < records.length; i++) engine.push(records[i]);
}

/** Parses, normalizes, serializes and feeds the detectors one batch; returns bytes written (bench/detect-split.ts). */
export function pipelineBatch(events: RawEvent[], start: number, end: number, engine: DetectionEngine | null): number {
  let bytes = 0;
  for (let s = start; s < end; s += RECORD_BATCH) {
    const records: LogRecord[] = [];
    bytes += parseChunk(events, s, Math.min(s + RECORD_BATCH, end), records);
    if (engine !== null) pushChunk(engine, records);
  }
  return bytes;
}

/** Parsed records RECORD_BATCH at a time, as record-stream yields them to the CLI's run loop. */
async function* parsedChunks(events: RawEvent[], out: { bytes: number }): AsyncGenerator<LogRecord[]> {
  for (let s = 0; s < events.length; s += RECORD_BATCH) {
    const records: LogRecord[] = [];
    out.bytes += parseChunk(events, s, Math.min(s + RECORD_BATCH, events.length), records);
    yield records;
  }
}

/**
 * The stream as `logsift run` takes it: a generator parses chunks and the run loop hands each
 * record to the detectors (none: parse only), flushing as the CLI does or about every `batch`
 * records. Parsing and detection stay in separate functions across the generator, as in the
 * CLI: with both in one loop, V8 compiled them as one unit and the detectors' code took the
 * inlining budget the parser's functions get alone (CPU profiles differ in parser functions,
 * not in detector code), and the same work measured 20-30% instead of 12-13%.
 */
async function runStream(events: RawEvent[], engine: DetectionEngine | null, batch: OverheadRow['batch']): Promise<number> {
  const out = { bytes: 0 };
  let sinceFlush = 0;
  for await (const records of parsedChunks(events, out)) {
    if (engine === null) continue;
    pushChunk(engine, records);
    sinceFlush += records.length;
    if (batch === CLI_FLUSH ? engine.flushDue : sinceFlush >= batch) {
      sinceFlush = 0;
      await engine.flush();
    }
  }
  return out.bytes;
}

/** One workload: parse only (null), or parse + detect flushed as the CLI does or about every `batch` records. */
function workload(events: RawEvent[], batch: OverheadRow['batch'] | null): () => Promise<void> {
  return async () => {
    const engine = batch === null ? null : new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
    if ((await runStream(events, engine, batch ?? CLI_FLUSH)) === 0) throw new Error('no output');
    if (engine !== null && (await engine.end()).length === 0) throw new Error('mixed stream produced no findings');
  };
}

const RECORDS = 100_000;
/** Processes per workload, alternating between workloads; the best round of any counts. */
const FORKS = 5;
const CHILD = 'LOGSIFT_DETECT_OVERHEAD_CHILD';

/**
 * Rates (records per CPU second) of parse only and parse + detect at each flush interval.
 * Each workload runs in processes of its own, alternating (as JMH forks per benchmark): in one
 * process, whichever workload ran first shaped what V8 compiled for the code both share, and
 * the same build measured anywhere from 23% to 49% from one process to the next.
 */
export async function detectOverhead(rounds: number, batches: ReadonlyArray<OverheadRow['batch']> = [CLI_FLUSH, 10_000]): Promise<OverheadRow[]> {
  const configs: Array<OverheadRow['batch'] | null> = [null, ...batches];
  const bestUs = configs.map(() => Number.POSITIVE_INFINITY);
  for (let f = 0; f < FORKS; f++) {
    configs.forEach((c, i) => {
      const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
        env: { ...process.env, [CHILD]: c === null ? 'parse' : String(c), BENCH_ROUNDS: String(rounds) },
        encoding: 'utf8',
      });
      const us = Number(child.stdout.trim());
      if (child.status !== 0 || !(us > 0)) throw new Error(`detect-overhead child ${String(c)} failed: ${child.stderr}`);
      bestUs[i] = Math.min(bestUs[i], us);
    });
  }
  const rate = (us: number): number => (RECORDS / us) * 1e6;
  return batches.map((batch, i) => ({ batch, parseOnly: rate(bestUs[0]), withDetect: rate(bestUs[i + 1]), overhead: bestUs[i + 1] / bestUs[0] - 1 }));
}

/** In a child: the best CPU µs of `rounds` rounds of one workload, after a warm-up round. */
async function child(config: string, rounds: number): Promise<number> {
  const events: RawEvent[] = mixedLines(RECORDS).map((l, i) => ({ data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received }));
  const batch = config === 'parse' ? null : config === CLI_FLUSH ? CLI_FLUSH : Number(config);
  const [rate] = await compare(RECORDS, rounds, [workload(events, batch)]);
  return (RECORDS / rate) * 1e6;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = process.env[CHILD];
  if (config !== undefined) console.log((await child(config, Number(process.env.BENCH_ROUNDS ?? 7))).toFixed(0));
  else {
    const rows = await detectOverhead(Number(process.env.BENCH_ROUNDS ?? 7));
    for (const r of rows) {
      console.log(`${r.batch === CLI_FLUSH ? 'flushed as the CLI does' : `batches of ${r.batch}`}: parse ${fmtRate(r.parseOnly)}/s, parse + detect ${fmtRate(r.withDetect)}/s, detection adds ${(r.overhead * 100).toFixed(1)}%`);
    }
  }
}
