import { readFileSync } from 'node:fs';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { createRuleDetector } from '../../../functions/detect/rules/detector.js';
import { compiledRules } from '../../../functions/detect/rules/rule-set.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG, type DetectorsConfig } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { describeErrors, validateFinding } from '../../../functions/shared/schemas.js';
import { recordFromMessage } from '../../support/records.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const T0 = Date.parse('2026-11-26T10:00:00Z');

export interface Where {
  host?: string;
  cluster?: string;
  /** Seconds after 2026-11-26T10:00:00Z where the first line goes. */
  at?: number;
  /** Milliseconds between kernel lines (a report is printed within milliseconds). */
  stepMs?: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A kernel fixture (one message a line) as journald gives it: transport kernel, facility kern. */
export function kernelLog(name: string, where: Where = {}): LogRecord[] {
  const { host = 'node-1', cluster = 'prod', at = 0, stepMs = 1 } = where;
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((message, i) =>
      recordFromMessage(message, { time: iso(T0 + at * 1000 + i * stepMs), transport: 'kernel', app: 'kernel', host, cluster, identity: `${name}:${host}:${at}:${i}` }),
    );
}

/** One kernel line at a given second. */
export function kernelLine(message: string, at: number, host = 'node-1', cluster = 'prod'): LogRecord {
  return recordFromMessage(message, { time: iso(T0 + at * 1000), transport: 'kernel', app: 'kernel', host, cluster, identity: `line:${host}:${at}:${message}` });
}

interface JournalLine {
  t: number;
  app: string;
  unit?: string;
  transport: string;
  message: string;
}

/** A user-space fixture (`{t, app, unit, transport, message}` lines), `t` seconds after `at`. */
export function journalLog(name: string, where: Where = {}): LogRecord[] {
  const { host = 'node-1', cluster = 'prod', at = 0 } = where;
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l, i) => {
      const line = JSON.parse(l) as JournalLine;
      return recordFromMessage(line.message, {
        time: iso(T0 + (at + line.t) * 1000),
        app: line.app,
        unit: line.unit ?? null,
        transport: line.transport,
        source_format: 'journald',
        host,
        cluster,
        identity: `${name}:${host}:${at}:${i}`,
      });
    });
}

/** Stable merge by event time, as the engine sees several sources. */
export function byTime(...sets: LogRecord[][]): LogRecord[] {
  const all = sets.flat().map((r, i) => ({ r, i }));
  all.sort((a, b) => Date.parse(a.r.time ?? a.r.received_time) - Date.parse(b.r.time ?? b.r.received_time) || a.i - b.i);
  return all.map((x) => x.r);
}

/**
 * Runs records through the detection engine with the rule detector (the built-in rules plus
 * `config`'s) and returns the latest version of each finding, every one schema-valid and resting
 * on input records.
 */
export async function runRules(records: LogRecord[], config: DetectorsConfig = DEFAULT_CONFIG.detectors): Promise<Finding[]> {
  const engine = new DetectionEngine([createRuleDetector(compiledRules(config))], new MemoryStateStore(), config);
  const latest = new Map<string, Finding>();
  const keep = (fs: Finding[]) => fs.forEach((f) => latest.set(f.finding_id, f));
  for (const r of records) {
    engine.push(r);
    keep(await engine.flush());
  }
  keep(await engine.end());
  const ids = new Set(records.map((r) => r.event_id));
  const out = [...latest.values()];
  for (const f of out) {
    if (!validateFinding(f)) throw new Error(`invalid finding ${JSON.stringify(f)}: ${describeErrors(validateFinding.errors)}`);
    for (const e of f.evidence) if (!ids.has(e)) throw new Error(`evidence ${e} is not an input record`);
  }
  return out.sort((a, b) => a.time.localeCompare(b.time) || a.type.localeCompare(b.type));
}

export function ofType(findings: Finding[], type: string): Finding[] {
  return findings.filter((f) => f.type === type);
}

/** event_ids of records, for evidence checks. */
export function idsOf(records: LogRecord[]): string[] {
  return records.map((r) => r.event_id);
}
