/**
 * `npm run bench`: records/s per core for parse + normalize + NDJSON output, against a floor
 * and a peer measured in the same run on the same inputs, in process and as whole processes
 * (`logsift parse FILE > /dev/null` against a baseline script), then detection overhead and
 * the CLI's memory on a large streamed input. Prints Markdown tables; exits 1 when a target fails.
 */
import glossy from 'glossy';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { parseContextFor } from '../functions/pipeline/parse-context.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { serializeRecord } from '../functions/pipeline/serialize-record.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import { journaldLines, mixedLines, rfc3164Lines, rfc5424Lines } from './inputs.js';
import { compare, fmtRate } from './measure.js';
import { CLI_FLUSH, detectOverhead } from './detect-overhead.js';
import { costTable } from './cost.js';
import { handlerBench } from './handler.js';
import { storeRun } from './store-run.js';
import { streamedMemory } from './memory.js';
import { shipBench } from './ship.js';
import { wholeProcessRows } from './whole-process.js';
import { encodeVsEarlier, runVsParse } from './write-path.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PROCESS_ROUNDS = Number(process.env.BENCH_PROCESS_ROUNDS ?? 5);
const received = new Date('2026-11-26T02:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);

function rawEvents(lines: string[]): RawEvent[] {
  return lines.map((l, i) => ({ data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received }));
}

/** The pipeline's hot path as the CLI and Lambda run it: parse, normalize, serialize. */
function pipeline(events: RawEvent[]): () => void {
  return () => {
    let bytes = 0;
    for (const raw of events) bytes += serializeRecord(buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG)).length;
    if (bytes === 0) throw new Error('no output');
  };
}

function glossyPeer(lines: string[]): () => void {
  return () => {
    let bytes = 0;
    for (const l of lines) bytes += JSON.stringify(glossy.Parse.parse(l)).length;
    if (bytes === 0) throw new Error('no output');
  };
}

interface Row { workload: string; logsift: number; baseline: string; baselineRate: number; ratio: number; target: string; ok: boolean }
const rows: Row[] = [];
/** Ratio to the baseline in process, per input, for the whole-process rows to stand beside. */
const inProcessRatio: Record<string, number> = {};

// journald JSON: floor is JSON.parse + JSON.stringify of the same line.
{
  const lines = journaldLines(40_000);
  const avg = Math.round(lines.reduce((s, l) => s + l.length, 0) / lines.length);
  const [floor, ours] = await compare(lines.length, ROUNDS, [
    () => {
      let bytes = 0;
      for (const l of lines) bytes += JSON.stringify(JSON.parse(l)).length;
      if (bytes === 0) throw new Error('no output');
    },
    pipeline(rawEvents(lines)),
  ]);
  const ratio = ours / floor;
  inProcessRatio['journald JSON'] = ratio;
  rows.push({ workload: `journald JSON (${avg} B/entry)`, logsift: ours, baseline: 'JSON.parse+stringify floor', baselineRate: floor, ratio, target: '≥100k/s and ≥0.5× floor', ok: ours >= 100_000 && ratio >= 0.5 });
}

for (const [name, lines] of [['RFC 5424', rfc5424Lines(200_000)], ['RFC 3164', rfc3164Lines(200_000)]] as const) {
  const [peer, ours] = await compare(lines.length, ROUNDS, [glossyPeer(lines), pipeline(rawEvents(lines))]);
  const ratio = ours / peer;
  inProcessRatio[name] = ratio;
  rows.push({ workload: name, logsift: ours, baseline: 'glossy parse+stringify', baselineRate: peer, ratio, target: '≥400k/s and ≥1× glossy', ok: ours >= 400_000 && ratio >= 1 });
}

// Detection overhead on a mixed stream: parse alone vs parse + every detector. Detector state
// is read and written once per key per flush, so how often it flushes matters: the target is
// the CLI's (FLUSH_EVERY); a Lambda flushes once per invocation, shown at 10,000 and 1,000.
for (const { batch, parseOnly, withDetect, overhead } of await detectOverhead(ROUNDS)) {
  const isTarget = batch === CLI_FLUSH;
  rows.push({
    workload: `mixed syslog, parse + detect, ${isTarget ? "flushed as the CLI does" : `flushed every ${batch} records (a Lambda batch)`}`,
    logsift: withDetect,
    baseline: 'same stream, parse only',
    baselineRate: parseOnly,
    ratio: withDetect / parseOnly,
    target: `${isTarget ? 'detection adds ≤25%' : 'reported only'} (adds ${(overhead * 100).toFixed(1)}%)`,
    ok: !isTarget || overhead <= 0.25,
  });
}

// `logsift run` against `logsift parse` on the same input, in process: run adds detection,
// routing and Parquet encoding (to memory) and drops the NDJSON output. Reported here; the
// targets are on whole processes (below).
for (const [name, lines] of [['mixed syslog', mixedLines(100_000)], ['journald JSON', journaldLines(40_000)]] as const) {
  const events = rawEvents(lines);
  const [parseRate, runRate] = await compare(lines.length, ROUNDS, [pipeline(events), storeRun(events, ctx)]);
  const cost = parseRate / runRate;
  rows.push({
    workload: `logsift run, ${name} (parse, detect, route, Parquet to memory)`,
    logsift: runRate,
    baseline: 'logsift parse (NDJSON), same input',
    baselineRate: parseRate,
    ratio: runRate / parseRate,
    target: `reported only (run costs ${cost.toFixed(2)}× parse)`,
    ok: true,
  });
}

console.log(`\nnode ${process.version}, ${ROUNDS} rounds alternating with the baseline, best round reported; rates are records per CPU second of this process (user + system), run on its main thread\n`);
console.log('| workload | logsift records/s | baseline | baseline/s | ratio | target | met |');
console.log('|---|---:|---|---:|---:|---|---|');
for (const r of rows) {
  console.log(`| ${r.workload} | ${fmtRate(r.logsift)} | ${r.baseline} | ${fmtRate(r.baselineRate)} | ${r.ratio.toFixed(2)}× | ${r.target} | ${r.ok ? 'yes' : 'NO'} |`);
}

const whole = await wholeProcessRows(PROCESS_ROUNDS, inProcessRatio);
console.log(`\nWhole process: \`node bin/logsift.js parse FILE > /dev/null\` against the baseline as \`node dist/bench/baseline-cli.js MODE FILE > /dev/null\`, CPU seconds (user + system) of each child, ${PROCESS_ROUNDS} rounds alternating, best round reported; ratio = baseline CPU s / logsift CPU s\n`);
console.log('| input | records | logsift CPU s | records/s | baseline | baseline CPU s | records/s | ratio | in-process ratio |');
console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|');
for (const w of whole) {
  const rate = (seconds: number): string => (w.records >= 1000 ? fmtRate(w.records / seconds) : '–');
  const inProcess = Number.isNaN(w.inProcessRatio) ? '–' : `${w.inProcessRatio.toFixed(2)}×`;
  console.log(`| ${w.input} | ${w.records} | ${w.seconds.toFixed(2)} | ${rate(w.seconds)} | ${w.baseline} | ${w.baselineSeconds.toFixed(2)} | ${rate(w.baselineSeconds)} | ${(w.baselineSeconds / w.seconds).toFixed(2)}× | ${inProcess} |`);
}

const runRows = await runVsParse(PROCESS_ROUNDS);
console.log(`\nWrite path, whole process: \`logsift run FILE --store DIR\` against \`logsift parse FILE > /dev/null\` on the same file, CPU seconds (user + system) of each child, ${PROCESS_ROUNDS} rounds alternating, best round; peak RSS (VmHWM) the median of the rounds (all of run's in brackets)\n`);
console.log('| input | records | run CPU s | parse CPU s | run / parse | target | met | run peak RSS | parse peak RSS | run peak RSS before issue 16 (target: at most) | met |');
console.log('|---|---:|---:|---:|---:|---|---|---:|---:|---:|---|');
for (const r of runRows) {
  const ratio = r.runSeconds / r.parseSeconds;
  console.log(`| ${r.input} | ${r.records} | ${r.runSeconds.toFixed(2)} | ${r.parseSeconds.toFixed(2)} | ${ratio.toFixed(2)}× | ≤${r.limit}× | ${ratio <= r.limit ? 'yes' : 'NO'} | ${r.runPeakMB.toFixed(0)} MB (${r.runPeaksMB.map((p) => p.toFixed(0)).join(', ')}) | ${r.parsePeakMB.toFixed(0)} MB | ${r.peakLimitMB} MB | ${r.runPeakMB <= r.peakLimitMB ? 'yes' : 'NO'} |`);
}
const enc = await encodeVsEarlier(ROUNDS);
const bytesRatio = enc.bytes / enc.oldBytes;
console.log(`\nParquet \`logs\` file of ${enc.records} records (half journald, half mixed syslog): this encoder against the encoder before issue 16 (hyparquet-writer's parquetWriteBuffer, Snappy), same records, ${ROUNDS} rounds alternating\n`);
console.log('| measure | now | before | now / before | target | met |');
console.log('|---|---:|---:|---:|---|---|');
console.log(`| bytes per record | ${(enc.bytes / enc.records).toFixed(1)} | ${(enc.oldBytes / enc.records).toFixed(1)} | ${bytesRatio.toFixed(2)}× | ≤0.6× | ${bytesRatio <= 0.6 ? 'yes' : 'NO'} |`);
console.log(`| encoding, records per CPU second | ${fmtRate(enc.rate)} | ${fmtRate(enc.oldRate)} | ${(enc.rate / enc.oldRate).toFixed(2)}× faster | reported | yes |`);
const writeOk = bytesRatio <= 0.6 && runRows.every((r) => r.runSeconds / r.parseSeconds <= r.limit && r.runPeakMB <= r.peakLimitMB);

const mem = await streamedMemory(Number(process.env.BENCH_BIG_MB ?? 256));
console.log(`\nCLI memory: \`logsift parse\` streamed ${mem.inputMB} MB of journald JSON (${mem.records} records) in ${mem.seconds.toFixed(1)} s; peak RSS ${mem.peakRssMB.toFixed(0)} MB, against ${mem.smallPeakRssMB.toFixed(0)} MB for a 1 MB input (${(mem.peakRssMB / mem.smallPeakRssMB).toFixed(2)}×; target ≤1.5×).`);
for (const line of await shipBench(Number(process.env.BENCH_SHIP_ENTRIES ?? 30_000))) console.log(line);
const memOk = mem.peakRssMB <= mem.smallPeakRssMB * 1.5;
const handler = await handlerBench();
const handlerOk = handler.ok;
console.log(`\nMonthly AWS cost (bench/cost.ts: us-east-1 list prices, the handler's measured ${handler.cpuSecondsPerGb.toFixed(0)} CPU s/GB and Parquet at ${(handler.parquetRatio * 100).toFixed(1)}% of the payload; other assumptions in docs/cost.md):\n`);
console.log(costTable(handler.cpuSecondsPerGb, handler.parquetRatio));
if (!memOk || !handlerOk || !writeOk || rows.some((r) => !r.ok)) {
  console.log('\nA target was missed.');
  process.exitCode = 1;
}
