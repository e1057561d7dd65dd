import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EVENTS_PER_RECORD } from '../../functions/decode/kinesis-record.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';

const CHILD = fileURLToPath(new URL('./kinesis-memory.child.ts', import.meta.url));
const REGISTER = fileURLToPath(new URL('../support/ts-register.mjs', import.meta.url));
/** Lines of one 64 KiB framing slice of `a\n`: the event bound is checked once per slice. */
const LINES_PER_SLICE = 32 * 1024;
/** Each child builds and decodes tens of MiB; on a busy shared machine that can take a while. */
const CHILD_TIMEOUT_MS = 180_000;

interface PathResult {
  total: number;
  messagesA: number;
  errors: number;
  errorBytes: number;
  stats: { records: number; events: number; decodeErrors: number; quarantined: number };
  growthMiB: number;
}

/** Runs the child under a 512 MB heap; a heap OOM kills it and fails execFileSync. */
function decodeInChild(mib: number, kind = 'lines'): { gzipBytes: number; inflatedBytes: number; batches: PathResult; array: PathResult } {
  const out = execFileSync(process.execPath, ['--max-old-space-size=512', '--expose-gc', '--import', REGISTER, CHILD, String(mib), kind], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  return JSON.parse(out);
}

describe('one Kinesis record decodes in bounded memory (probe payloads, node --max-old-space-size=512)', { timeout: CHILD_TIMEOUT_MS }, () => {
  // 8 KB of gzip inflating to 8 MiB of `a\n` (4.2 M lines) took 1.25 GB; 32 KB (32 MiB) ran out of heap.
  for (const mib of [8, 32]) {
    it(`${mib} MiB of "a\\n" from a few KB of gzip: ${DEFAULT_MAX_EVENTS_PER_RECORD} events or so, the rest quarantined raw`, () => {
      const result = decodeInChild(mib);
      expect(result.gzipBytes).toBeLessThan(mib * 1100);
      for (const path of [result.batches, result.array]) {
        expect(path.messagesA).toBeGreaterThanOrEqual(DEFAULT_MAX_EVENTS_PER_RECORD);
        expect(path.messagesA).toBeLessThanOrEqual(DEFAULT_MAX_EVENTS_PER_RECORD + LINES_PER_SLICE);
        expect(path.total).toBe(path.messagesA + path.errors);
        // Nothing lost: the lines framed plus the quarantined bytes are the whole inflated payload.
        expect(path.messagesA * 2 + path.errorBytes).toBe(result.inflatedBytes);
        expect(path.errors).toBe(Math.ceil((result.inflatedBytes - path.messagesA * 2) / DEFAULT_CONFIG.limits.max_event_bytes));
        expect(path.stats).toMatchObject({ records: 1, events: path.total, decodeErrors: path.errors, quarantined: path.errors });
        expect(path.growthMiB).toBeLessThan(256);
      }
    });
  }

  it('a 63 MiB CloudWatch envelope of 1.7 M tiny log events (under 256 KB of gzip) is kept raw, not parsed whole', () => {
    const result = decodeInChild(63, 'envelope');
    expect(result.gzipBytes).toBeLessThan(256 * 1024);
    for (const path of [result.batches, result.array]) {
      expect(path.messagesA).toBe(0);
      expect(path.errors).toBe(path.total);
      expect(path.errorBytes).toBe(result.inflatedBytes);
      expect(path.stats).toMatchObject({ records: 1, quarantined: path.total });
      expect(path.growthMiB).toBeLessThan(256);
    }
  });
});
