import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { createOomDetector } from '../../../functions/detect/oom/index.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import { recordFromMessage } from '../../support/records.js';
import { kernelRecord } from './support.js';

// The detector skips a host's state until its next kill is due; the kill must still close at the
// first flush whose watermark passes it, while only other hosts' lines move the watermark.
const config = { ...DEFAULT_CONFIG.detectors, allowed_lateness_seconds: 5, oom: { group_window_seconds: 10 } };
const KILL = 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999';
const at = (s: number): string => new Date(Date.UTC(2026, 10, 26, 1, 0, s)).toISOString().replace('Z', '000Z');

describe('oom: hosts with nothing due are not re-read', () => {
  it('a kill closes at the flush whose watermark passes its window, and a late line re-sends it', async () => {
    const engine = new DetectionEngine([createOomDetector(config)], new MemoryStateStore(), config);
    engine.push(kernelRecord(KILL, at(0), 'kill', 'node-1'));
    const emittedAt: number[] = [];
    for (let s = 1; s <= 30; s++) {
      engine.push(recordFromMessage('request served', { time: at(s), app: 'cron', host: 'node-2', identity: `filler-${s}` }));
      if ((await engine.flush()).length > 0) emittedAt.push(s);
    }
    // Due when the watermark (newest - 5 s lateness) reaches the kill + 10 s window.
    expect(emittedAt).toEqual([15]);
    // A duplicate of the kill line (a retried batch) is sent again, same id, when the watermark next moves.
    engine.push(kernelRecord(KILL, at(0), 'kill', 'node-1'));
    expect(await engine.flush()).toEqual([]);
    engine.push(recordFromMessage('request served', { time: at(31), app: 'cron', host: 'node-2', identity: 'filler-31' }));
    const again = await engine.flush();
    expect(again.map((f) => f.type)).toEqual(['oom_kill']);
    expect((await engine.end()).map((f) => f.finding_id)).toEqual(again.map((f) => f.finding_id));
  });
});
