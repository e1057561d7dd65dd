import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { defaultDetectors } from '../../../functions/detect/registry.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { etcdRecord, messageFixture } from './drive.js';

/**
 * Issue 7 §4, detector side: leader churn is reported in the batch where the changes within the
 * window first reach the threshold, then grows under the same finding_id; ids and final
 * versions do not depend on where the batches were cut.
 */

/** churn-disk.jsonl: elections at terms 11-15, in time order (2 min apart), with disk precursors before. */
const input = (): LogRecord[] => messageFixture('churn-disk.jsonl', 'prod');

/** What one engine run emitted, batch by batch, and its end-of-input findings. */
async function inBatches(records: readonly LogRecord[], size: number): Promise<{ perBatch: Finding[][]; final: Finding[] }> {
  const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
  const perBatch: Finding[][] = [];
  for (let i = 0; i < records.length; i += size) {
    for (const r of records.slice(i, i + size)) engine.push(r);
    perBatch.push(await engine.flush());
  }
  return { perBatch, final: await engine.end() };
}

const churnOf = (fs: readonly Finding[]): Finding[] => fs.filter((f) => f.type === 'etcd_leader_churn');
/** Index of the first record that reports a leader for this term: the moment that change exists. */
const firstReportOfTerm = (records: readonly LogRecord[], term: number): number =>
  records.findIndex((r) => new RegExp(`(elected leader [0-9a-f]+|became leader) at term ${term}\\b`).test(r.message));

describe('time to alert: leader churn', () => {
  for (const size of [1, 3, 8]) {
    it(`fed ${size} record(s) per batch, the first churn version leaves in the batch of the 4th change, then grows under the same id`, async () => {
      const records = input();
      const crossing = Math.floor(firstReportOfTerm(records, 14) / size);
      expect(crossing).toBeGreaterThan(0);
      const { perBatch, final } = await inBatches(records, size);

      const firstBatch = perBatch.findIndex((b) => churnOf(b).length > 0);
      expect(firstBatch).toBe(crossing);
      const versions = perBatch.flatMap(churnOf);
      const first = versions[0];
      expect(first.details.changes).toBe(4);
      expect(first.details.terms).toEqual([11, 12, 13, 14]);
      // The window (900 s) is far from closed when it is reported: the 5th change is still to come.
      expect(first.time_end < '2026-11-26T10:08:00.200000Z').toBe(true);

      // Every later version is the same finding, growing.
      expect(new Set(versions.map((f) => f.finding_id))).toEqual(new Set([first.finding_id]));
      for (let i = 1; i < versions.length; i++) {
        expect(versions[i].time_end >= versions[i - 1].time_end).toBe(true);
        expect(versions[i].details.changes as number).toBeGreaterThanOrEqual(versions[i - 1].details.changes as number);
      }
      // Growth leaves at the next watermark step; the last change here is the end of the input, so its version is the final one.
      const [last] = churnOf(final);
      expect(last.finding_id).toBe(first.finding_id);
      expect(last.details.changes).toBe(5);
      expect(last.time_end > first.time_end).toBe(true);
      expect(versions.every((v) => (v.details.changes as number) <= 5 && v.time_end <= last.time_end)).toBe(true);
    });
  }

  it('gives the same ids and final versions whatever the batch boundaries, and on a re-run', async () => {
    const records = input();
    const runs = await Promise.all([1, 2, 5, 13, 40, 5000].map((size) => inBatches(records, size)));
    const reference = runs[runs.length - 1].final;
    expect(churnOf(reference)).toHaveLength(1);
    for (const run of runs) expect(run.final).toEqual(reference);
    const again = await inBatches(input(), 3);
    const before = await inBatches(input(), 3);
    expect(again.perBatch).toEqual(before.perBatch);
  });

  it('below the threshold nothing is reported early, and the changes still are', async () => {
    const records = input().filter((r) => !/ at term 1[45]\b/.test(r.message));
    const { perBatch, final } = await inBatches(records, 2);
    expect(perBatch.flatMap(churnOf)).toEqual([]);
    expect(final.filter((f) => f.type === 'etcd_leader_change')).toHaveLength(3);
  });
});

describe('time to alert: growth during the stream', () => {
  it('a storm that goes on after the crossing is re-emitted, same id, with more changes as event time advances', async () => {
    // Ten elections 60 s apart (all within one 900 s window), one member reporting each, 5 records per batch.
    const leaders = ['a1b2c3d4e5f60718', '2b3c4d5e6f708192', 'c3d4e5f607182930'];
    const t0 = Date.parse('2026-11-26T10:00:00Z');
    const records: LogRecord[] = [];
    for (let i = 0; i < 10; i++) {
      const ms = t0 + i * 60_000;
      records.push(etcdRecord(`raft.node: ${leaders[0]} elected leader ${leaders[i % 3]} at term ${20 + i}`, new Date(ms).toISOString(), 'cp1', 'storm'));
      for (let k = 1; k <= 4; k++) records.push(etcdRecord(`some other etcd line ${i}.${k}`, new Date(ms + k * 10_000).toISOString(), 'cp1', 'storm'));
    }
    const { perBatch, final } = await inBatches(records, 5);
    const versions = perBatch.flatMap(churnOf);
    expect(perBatch.findIndex((b) => churnOf(b).length > 0)).toBe(3); // the batch of the 4th election
    expect(new Set(versions.map((f) => f.finding_id)).size).toBe(1);
    expect(versions.map((v) => v.details.changes)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(churnOf(final)).toEqual([versions[versions.length - 1]]);
  });
});
