/**
 * Detection overhead on the mixed stream: parse alone vs parse + every detector, flushed as the
 * CLI flushes (FLUSH_EVERY, the target), and every 10,000 and 1,000 records as Lambda
 * invocations of those sizes must. Part of `npm run bench`;
 * alone (quicker, while working on detection): `npm run build && node --expose-gc dist/bench/detect-overhead.js`.
 */
import { pathToFileURL } from 'node:url';
import { DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { parseContextFor } from '../functions/pipeline/parse-context.js';
import { serializeRecord } from '../functions/pipeline/serialize-record.js';
import { parseEvent } from '../functions/parse/parse-event.js';
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

/** Parses, normalizes, serializes and feeds the detectors one batch; returns bytes written. */
export function pipelineBatch(events: RawEvent[], start: number, end: number, engine: DetectionEngine | null): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const rec = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
    bytes += serializeRecord(rec).length;
    engine?.push(rec);
  }
  return bytes;
}

/** As pipelineBatch, flushing whenever the engine says a CLI would. */
async function pipelineCli(events: RawEvent[], engine: DetectionEngine): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    const rec = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
    bytes += serializeRecord(rec).length;
    engine.push(rec);
    if (engine.flushDue) await engine.flush();
  }
  return bytes;
}

/** Rates (records per CPU second) of parse only and parse + detect at each batch size, same run. */
export async function detectOverhead(rounds: number, batches: ReadonlyArray<OverheadRow['batch']> = [CLI_FLUSH, 10_000, 1000]): Promise<OverheadRow[]> {
  const lines = mixedLines(100_000);
  const events: RawEvent[] = lines.map((l, i) => ({ data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received }));
  const parseOnly = (): void => {
    if (pipelineBatch(events, 0, events.length, null) === 0) throw new Error('no output');
  };
  const detectWith = (batch: OverheadRow['batch']) => async (): Promise<void> => {
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
  const [base, ...withDetect] = await compare(lines.length, rounds, [parseOnly, ...batches.map(detectWith)]);
  return batches.map((batch, i) => ({ batch, parseOnly: base, withDetect: withDetect[i], overhead: base / withDetect[i] - 1 }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await detectOverhead(Number(process.env.BENCH_ROUNDS ?? 7));
  for (const r of rows) {
    console.log(`${r.batch === CLI_FLUSH ? 'flushed as the CLI does' : `batches of ${r.batch}`}: parse ${fmtRate(r.parseOnly)}/s, parse + detect ${fmtRate(r.withDetect)}/s, detection adds ${(r.overhead * 100).toFixed(1)}%`);
  }
}
