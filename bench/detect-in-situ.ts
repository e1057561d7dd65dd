/**
 * Where detection's time goes inside one process, as `run` takes the stream: per chunk of
 * RECORD_BATCH parsed records, the wall time of parsing, of handing the records to the
 * detectors and of flushes (as the CLI flushes), and the round's CPU on all threads (V8 compiles
 * and marks on its own). Best 3 of 12 rounds by wall time; one process per side:
 *   npm run build && node --expose-gc dist/bench/detect-in-situ.js        # parse only
 *   DETECT=1 node --expose-gc dist/bench/detect-in-situ.js                # parse + detect
 * ROUNDS=30 MARK_ROUNDS=1 with `--trace-opt` shows what V8 compiles in each round.
 */
import { DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { RECORD_BATCH } from '../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import type { LogRecord } from '../functions/shared/record.js';
import { parseChunk, received } from './detect-overhead.js';
import { mixedLines } from './inputs.js';

const ROUNDS = Number(process.env.ROUNDS ?? 12);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

interface Round {
  wall: number;
  parse: number;
  push: number;
  flush: number;
  cpu: number;
}

async function round(events: RawEvent[], detect: boolean): Promise<Round> {
  globalThis.gc?.();
  const engine = detect ? new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors) : null;
  const r: Round = { wall: 0, parse: 0, push: 0, flush: 0, cpu: 0 };
  const t0 = now();
  const c0 = process.cpuUsage();
  for (let s = 0; s < events.length; s += RECORD_BATCH) {
    const records: LogRecord[] = [];
    const a = now();
    parseChunk(events, s, Math.min(s + RECORD_BATCH, events.length), records);
    const b = now();
    r.parse += b - a;
    if (engine === null) continue;
    for (const rec of records) engine.push(rec);
    const c = now();
    r.push += c - b;
    if (engine.flushDue) {
      await engine.flush();
      r.flush += now() - c;
    }
  }
  if (engine !== null) {
    const c = now();
    await engine.end();
    r.flush += now() - c;
  }
  const cpu = process.cpuUsage(c0);
  r.wall = now() - t0;
  r.cpu = (cpu.user + cpu.system) / 1000;
  return r;
}

const detect = process.env.DETECT === '1';
const events: RawEvent[] = mixedLines(100_000).map((l, i) => ({ data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received }));
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  if (process.env.MARK_ROUNDS === '1') console.log(`ROUND ${i}`);
  rounds.push(await round(events, detect));
}
const f = (n: number): string => n.toFixed(1);
for (const r of rounds.sort((a, b) => a.wall - b.wall).slice(0, 3)) {
  console.log(`${detect ? 'parse + detect' : 'parse only'}: ms per 100k, wall ${f(r.wall)} (parse ${f(r.parse)}, push ${f(r.push)}, flush ${f(r.flush)}), CPU all threads ${f(r.cpu)}`);
}
