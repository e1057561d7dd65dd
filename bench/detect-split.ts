/**
 * Which detectors detection's overhead comes from: the bench's mixed stream, parse only, then
 * the same with each detector alone, all of them (flushed as the CLI does), all flushed every
 * 5,000 records and all flushed once, in
 * one process per configuration (a detector's presence changes how the parser runs, so they are
 * not mixed in one process). CPU ms per 100k records, best 2 of the last 5 rounds.
 *   npm run build && node dist/bench/detect-split.js              # every configuration in turn
 *   DETECTORS=oom_kill,cert node dist/bench/detect-split.js       # one configuration ('' = engine alone)
 * "perfect gate": only the records some detector recognizes are pushed (found before timing), so
 * the figure is what detection would cost with a gate that cost nothing: the detectors' own
 * work on their records, their state and flushes.
 * The loop is in a function, as in detect-overhead: loops in module top-level code mislead here.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { parseContextFor } from '../functions/pipeline/parse-context.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { parseChunk, pipelineBatch, received } from './detect-overhead.js';
import { RECORD_BATCH } from '../functions/pipeline/record-stream.js';
import type { LogRecord } from '../functions/shared/record.js';
import { mixedLines } from './inputs.js';

const ROUNDS = 9;
const ctx = parseContextFor(DEFAULT_CONFIG, received);

/** Which records some detector recognizes (1), for the perfect-gate configuration. */
function recognized(events: RawEvent[]): Uint8Array {
  const detectors = defaultDetectors(DEFAULT_CONFIG.detectors);
  const wanted = new Uint8Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const r = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
    if (detectors.some((d) => d.recognize(r) !== null)) wanted[i] = 1;
  }
  return wanted;
}

/** The bench's loops (parse a chunk, then push it), pushing only the records `wanted` marks. */
function gatedBatch(events: RawEvent[], start: number, end: number, engine: DetectionEngine, wanted: Uint8Array): number {
  let bytes = 0;
  for (let s = start; s < end; s += RECORD_BATCH) {
    const records: LogRecord[] = [];
    bytes += parseChunk(events, s, Math.min(s + RECORD_BATCH, end), records);
    for (let i = 0; i < records.length; i++) if (wanted[s + i] === 1) engine.push(records[i]);
  }
  return bytes;
}

/** CPU ms of each round; `names` null: parse only. `batch` 0: flushed as the CLI does (checked every 1,000 records). */
async function rounds(names: string[] | null, batch: number): Promise<number[]> {
  const step = batch === 0 ? 1000 : batch;
  const events: RawEvent[] = mixedLines(100_000).map((l, i) => ({ data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received }));
  const wanted = process.env.PERFECT_GATE === '1' ? recognized(events) : null;
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const detectors = names === null ? [] : defaultDetectors(DEFAULT_CONFIG.detectors).filter((d) => names.includes(d.name));
    const engine = names === null ? null : new DetectionEngine(detectors, new MemoryStateStore(), DEFAULT_CONFIG.detectors);
    const t0 = process.cpuUsage();
    for (let s = 0; s < events.length; s += step) {
      if (wanted !== null && engine !== null) gatedBatch(events, s, Math.min(s + step, events.length), engine, wanted);
      else pipelineBatch(events, s, Math.min(s + step, events.length), engine);
      if (engine && (batch !== 0 || engine.flushDue)) await engine.flush();
    }
    if (engine) await engine.end();
    const used = process.cpuUsage(t0);
    out.push((used.user + used.system) / 1000);
  }
  return out;
}

function best2(ms: number[]): string {
  return ms
    .slice(-5)
    .sort((a, b) => a - b)
    .slice(0, 2)
    .map((m) => m.toFixed(0))
    .join(' ');
}

const CONFIGS: Array<[label: string, env: Record<string, string>]> = [
  ['parse only', {}],
  ['engine, no detector', { DETECTORS: '' }],
  ['etcd', { DETECTORS: 'etcd' }],
  ['oom_kill', { DETECTORS: 'oom_kill' }],
  ['cert', { DETECTORS: 'cert' }],
  ['rules', { DETECTORS: 'rules' }],
  ['all', { DETECTORS: 'etcd,oom_kill,cert,rules' }],
  ['all, every 5,000', { DETECTORS: 'etcd,oom_kill,cert,rules', SPLIT_BATCH: '5000' }],
  ['all, one flush', { DETECTORS: 'etcd,oom_kill,cert,rules', SPLIT_BATCH: '100000' }],
  ['all, perfect gate', { DETECTORS: 'etcd,oom_kill,cert,rules', PERFECT_GATE: '1' }],
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const which = process.env.DETECTORS;
  if (which !== undefined || process.env.SPLIT_PARSE === '1') {
    const names = which === undefined ? null : which.split(',').filter((n) => n !== '');
    console.log(best2(await rounds(names, Number(process.env.SPLIT_BATCH ?? 0))));
  } else {
    for (const [label, env] of CONFIGS) {
      const child = spawnSync(process.execPath, [process.argv[1]], { env: { ...process.env, SPLIT_PARSE: '1', ...env }, encoding: 'utf8' });
      console.log(`${label.padEnd(20)} ${child.stdout.trim()} ms/100k`);
    }
  }
}
