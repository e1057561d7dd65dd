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

/**
 * Parses, normalizes and serializes events [start, end) into `out`; returns bytes written. As in
 * the CLI, where record-stream parses RECORD_BATCH events at a time and the run loop then hands
 * each record to the detectors, parsing and detection are separate loops in separate functions:
 * in one loop, the detectors' code took the inlining budget the parser's functions get alone
 * (their CPU profiles differ there, not in detector code), which the CLI does not pay.
 */
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

/** Parses, normalizes, serializes and feeds the detectors one batch; returns bytes written. */
export function pipelineBatch(events: RawEvent[], start: number, end: number, engine: DetectionEngine | null): number {
  let bytes = 0;
  for (let s = start; s < end; s += RECORD_BATCH) {
    const records: LogRecord[] = [];
    bytes += parseChunk(events, s, Math.min(s + RECORD_BATCH, end), records);
    if (engine !== null) pushChunk(engine, records);
  }
  return bytes;
}

/** Records between the CLI-flush workload's questions to the engine (a flush waits at most this long). */
const CLI_STEP = 1000;

/**
 * As pipelineBatch over the whole stream, flushing when the engine says a CLI would (asked
 * every CLI_STEP records). The stream goes in steps, as the Lambda-batch workloads go in
 * batches: one call over all 100k records ran from on-stack-replaced code and measured detection
 * at twice what the same work costs in steps (30% against 11-15%, `detect-split`).
 */
async function pipelineCli(events: RawEvent[], engine: DetectionEngine): Promise<number> {
  let bytes = 0;
  for (let start = 0; start < events.length; start += CLI_STEP) {
    bytes += pipelineBatch(events, start, Math.min(start + CLI_STEP, events.length), engine);
    if (engine.flushDue) await engine.flush();
  }
  return bytes;
}

/** One workload: parse only (null), or parse + detect flushed every `batch` records or as the CLI does. */
function workload(events: RawEvent[], batch: OverheadRow['batch'] | null): () => Promise<void> {
  if (batch === null) {
    return async () => {
      let bytes = 0;
      for (let start = 0; start < events.length; start += CLI_STEP) bytes += pipelineBatch(events, start, Math.min(start + CLI_STEP, events.length), null);
      if (bytes === 0) throw new Error('no output');
    };
  }
  return async () => {
    const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
    let bytes = 0;
    if (batch === CLI_FLUSH) bytes = await pipelineCli(events, engine);
    else {
      // As a Lambda invocation: a batch synchronously, then its state I/O.
      for (let start = 0; start < events.length; start += batch) {
        bytes += pipelineBatch(events, start, Math.min(start + batch, events.length), engine);
        await engine.flush();
      }
    }
    if (bytes === 0) throw new Error('no output');
    if ((await engine.end()).length === 0) throw new Error('mixed stream produced no findings');
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
