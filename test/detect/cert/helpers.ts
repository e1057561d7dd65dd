import { validateFinding } from '../../../functions/shared/schemas.js';
import { feedRecord } from '../../../functions/detect/feed.js';
import { createCertDetector } from '../../../functions/detect/cert/index.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG, type DetectorsConfig } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';

// The validator the pipeline itself uses, so tests check against the same compiled schema.
export { validateFinding };

export function config(cert: Partial<DetectorsConfig['cert']> = {}): DetectorsConfig {
  return { ...DEFAULT_CONFIG.detectors, cert: { ...DEFAULT_CONFIG.detectors.cert, ...cert } };
}

/**
 * Feeds records the way the engine does (watermark = newest event time − lateness after each
 * record) and returns the final version of every finding (by id), plus how often each id was
 * emitted.
 */
export async function run(records: LogRecord[], cfg: DetectorsConfig = config()): Promise<{ findings: Finding[]; emissions: Map<string, number> }> {
  const detector = createCertDetector(cfg);
  const store = new MemoryStateStore();
  const byId = new Map<string, Finding>();
  const emissions = new Map<string, number>();
  const keep = (found: Finding[]) => {
    for (const f of found) {
      byId.set(f.finding_id, f);
      emissions.set(f.finding_id, (emissions.get(f.finding_id) ?? 0) + 1);
    }
  };
  let newest = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    newest = Math.max(newest, Date.parse(r.time ?? r.received_time));
    const ctx = { store, watermarkMs: newest - cfg.allowed_lateness_seconds * 1000 };
    keep(await feedRecord(detector, r, ctx));
    keep(await detector.onWatermark(ctx));
  }
  keep(await detector.flush({ store, watermarkMs: Number.POSITIVE_INFINITY }));
  const findings = [...byId.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.finding_id < b.finding_id ? -1 : 1));
  return { findings, emissions };
}

/** Schema-valid, and every evidence id is one of the input records. */
export function expectWellFormed(findings: Finding[], records: LogRecord[], expect: (v: unknown, m?: string) => any): void {
  const ids = new Set(records.map((r) => r.event_id));
  for (const f of findings) {
    expect(validateFinding(f), JSON.stringify(validateFinding.errors)).toBe(true);
    for (const id of f.evidence) expect(ids.has(id), `evidence ${id} of ${f.finding_id}`).toBe(true);
  }
}
