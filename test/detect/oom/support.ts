import { describeErrors, validateFinding } from '../../../functions/shared/schemas.js';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { createOomDetector } from '../../../functions/detect/oom/index.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { recordFromMessage } from '../../support/records.js';

// The validator the pipeline itself uses, so tests check against the same compiled schema.
export { validateFinding };

/** A kernel record as journald would give it (transport kernel), with a stable identity. */
export function kernelRecord(message: string, time: string, identity: string, host = 'node-1'): LogRecord {
  return recordFromMessage(message, { time, transport: 'kernel', app: 'kernel', host, identity });
}

/** Runs records through the detection engine with a fresh in-memory store; returns all findings. */
export async function detect(records: LogRecord[], config = DEFAULT_CONFIG.detectors): Promise<Finding[]> {
  const engine = new DetectionEngine([createOomDetector(config)], new MemoryStateStore(), config);
  for (const r of records) {
    engine.push(r);
    await engine.flush();
  }
  return engine.end();
}

/** Every finding is schema-valid and rests on records that were in the input. */
export function checkFindings(findings: Finding[], records: LogRecord[]): void {
  const ids = new Set(records.map((r) => r.event_id));
  for (const f of findings) {
    if (!validateFinding(f)) throw new Error(`invalid finding ${JSON.stringify(f)}: ${describeErrors(validateFinding.errors)}`);
    for (const e of f.evidence) if (!ids.has(e)) throw new Error(`evidence ${e} is not an input record`);
  }
}
