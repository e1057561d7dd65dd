/**
 * What the rule engine adds to the pipeline's hot path: parse + normalize + serialize, then the
 * same plus every detector without rules, then with the rules of the files given (e.g. the
 * built-in node rules). Two streams: the benchmark's mixed stream, and a kernel-only stream in
 * which every record passes the kernel rules' select (the worst case).
 *   node --import ./test/support/ts-register.mjs bench/rules-cost.ts [rules.json ...]
 */
import { DetectionEngine } from '../functions/detect/engine.js';
import { defaultDetectors } from '../functions/detect/registry.js';
import { MemoryStateStore } from '../functions/detect/state/memory-store.js';
import type { RawEvent } from '../functions/decode/raw-event.js';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { parseContextFor } from '../functions/pipeline/parse-context.js';
import { serializeRecord } from '../functions/pipeline/serialize-record.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { DEFAULT_CONFIG, type DetectorsConfig } from '../functions/shared/config.js';
import { readRulesFile } from '../functions/shared/load-config.js';
import { mixedLines } from './inputs.js';
import { compare, fmtRate } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const received = new Date('2026-11-26T02:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);
const rules = process.argv.slice(2).flatMap((f) => readRulesFile(f));

function kernelLines(n: number): string[] {
  const words = 'usb device new high-speed number using xhci_hcd eth0 link up renamed from audit type avc apparmor loaded'.split(' ');
  const t0 = Date.UTC(2026, 10, 26, 1, 0, 0);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(t0 + i);
    const stamp = `Nov 26 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
    const text = Array.from({ length: 10 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
    return `<6>${stamp} node-${i % 20} kernel: [${(i / 1000).toFixed(6)}] ${text}`;
  });
}

function run(events: RawEvent[], cfg: DetectorsConfig | null): () => Promise<void> {
  return async () => {
    const engine = cfg === null ? null : new DetectionEngine(defaultDetectors(cfg), new MemoryStateStore(), cfg);
    let bytes = 0;
    for (let i = 0; i < events.length; i++) {
      const rec = buildRecord(parseEvent(events[i], 'auto', ctx), events[i], DEFAULT_CONFIG);
      bytes += serializeRecord(rec).length;
      engine?.push(rec);
      if (engine?.flushDue) await engine.flush();
    }
    await engine?.end();
    if (bytes === 0) throw new Error('no output');
  };
}

const withRules: DetectorsConfig = { ...DEFAULT_CONFIG.detectors, rules };
console.log(`| stream | parse only | + detectors, no rules | + ${rules.length} rules | rules' share of parse |`);
console.log('|---|---|---|---|---|');
for (const [name, lines] of [['mixed', mixedLines(100_000)], ['kernel only', kernelLines(100_000)]] as const) {
  const events = lines.map((l, i) => ({ data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received }));
  const [parse, detectors, all] = await compare(lines.length, ROUNDS, [run(events, null), run(events, DEFAULT_CONFIG.detectors), run(events, withRules)]);
  const share = (1 / all - 1 / detectors) / (1 / parse);
  console.log(`| ${name} | ${fmtRate(parse)}/s | ${fmtRate(detectors)}/s | ${fmtRate(all)}/s | ${(share * 100).toFixed(1)}% |`);
}
