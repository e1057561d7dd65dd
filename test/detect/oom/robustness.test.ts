import { feedRecord } from '../../../functions/detect/feed.js';
import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { createOomDetector } from '../../../functions/detect/oom/index.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { fixtureRecords } from './fixtures.js';
import { checkFindings, detect, kernelRecord } from './support.js';

const FIXTURES = ['kernel6-memcg-k8s.jsonl', 'kernel6-global.jsonl', 'kernel419-sacrificed-child.jsonl', 'page-allocation-failure.jsonl', 'reporters-only.jsonl'];
const config = DEFAULT_CONFIG.detectors;

/** Deterministic shuffle (mulberry32), so a failure is reproducible. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let a = seed;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const byId = (fs: Finding[]): Finding[] => [...fs].sort((a, b) => (a.finding_id < b.finding_id ? -1 : 1));

describe('oom detector: order, duplicates, replays', () => {
  const inOrder = FIXTURES.map((f) => fixtureRecords(f));
  const all = inOrder.flat();

  it('gives five findings in order, schema-valid, evidence from the input', async () => {
    const findings = await detect(all);
    checkFindings(findings, all);
    expect(findings).toHaveLength(5);
  });

  for (const seed of [1, 2, 3]) {
    it(`shuffled within the lateness and duplicated (seed ${seed}): the same findings and ids`, async () => {
      const expected = byId(await detect(all));
      // Each fixture spans seconds (well within the 300 s lateness); duplicates are the same records again.
      const input = inOrder.flatMap((records) => shuffled([...records, ...records.slice(0, 3)], seed));
      const got = byId(await detect(input));
      expect(got).toEqual(expected);
    });
  }

  it('reversed within each fixture: the same findings and ids', async () => {
    const expected = byId(await detect(all));
    const got = byId(await detect(inOrder.flatMap((r) => [...r].reverse())));
    expect(got).toEqual(expected);
  });

  it('a replay in a fresh store gives the same finding_ids', async () => {
    const first = (await detect(all)).map((f) => f.finding_id);
    const second = (await detect(all)).map((f) => f.finding_id);
    expect(second).toEqual(first);
  });

  it('a retried batch on the same store re-sends its findings under the same ids, and nothing new', async () => {
    const store = new MemoryStateStore();
    const run = async (records: LogRecord[]): Promise<Finding[]> => {
      const engine = new DetectionEngine([createOomDetector(config)], store, config);
      for (const r of records) {
        engine.push(r);
        await engine.flush();
      }
      return engine.end();
    };
    const records = fixtureRecords('kernel6-memcg-k8s.jsonl');
    const first = await run(records);
    const retry = await run(records);
    expect(first).toHaveLength(1);
    expect(retry).toEqual(first);
  });

  it('a late line re-emits the closed kill under the same finding_id (upsert)', async () => {
    const store = new MemoryStateStore();
    const detector = createOomDetector(config);
    const records = fixtureRecords('kernel6-global.jsonl');
    const reaper = records.findIndex((r) => r.message.startsWith('oom_reaper'));
    const late = records[reaper];
    const early = records.filter((_, i) => i !== reaper);
    for (const r of early) expect(await feedRecord(detector, r, { store, watermarkMs: 0 })).toEqual([]);
    const closedAt = Date.parse('2026-11-26T11:00:30Z');
    const first = await detector.onWatermark({ store, watermarkMs: closedAt });
    expect(first).toHaveLength(1);
    expect(await detector.onWatermark({ store, watermarkMs: closedAt + 1000 })).toEqual([]); // emitted once
    await feedRecord(detector, late, { store, watermarkMs: closedAt + 1000 });
    const again = await detector.onWatermark({ store, watermarkMs: closedAt + 2000 });
    expect(again).toHaveLength(1);
    expect(again[0].finding_id).toBe(first[0].finding_id);
    expect(again[0].evidence).toEqual([...first[0].evidence, late.event_id].sort());
  });

  it('holds a kill open until the watermark passes it by the group window', async () => {
    const store = new MemoryStateStore();
    const detector = createOomDetector(config);
    for (const r of fixtureRecords('kernel6-global.jsonl')) await feedRecord(detector, r, { store, watermarkMs: 0 });
    const lastLine = Date.parse('2026-11-26T11:00:01Z');
    expect(await detector.onWatermark({ store, watermarkMs: lastLine + 9000 })).toEqual([]);
    expect(await detector.onWatermark({ store, watermarkMs: lastLine + 10000 })).toHaveLength(1);
  });

  it('two kills in the same second (syslog precision) keep their own headers by arrival order', async () => {
    const lines = [
      'alpha invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a,task=alpha,pid=11,uid=0',
      'Memory cgroup out of memory: Killed process 11 (alpha) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
      'beta invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/b,task_memcg=/b,task=beta,pid=22,uid=0',
      'Memory cgroup out of memory: Killed process 22 (beta) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    ];
    const records = lines.map((m, i) => kernelRecord(m, '2026-11-26T15:00:00Z', `same-second:${i}`));
    const findings = await detect(records);
    expect(findings.map((f) => [f.details.victim_comm, f.details.trigger_comm, f.details.oom_memcg]).sort()).toEqual([
      ['alpha', 'alpha', '/a'],
      ['beta', 'beta', '/b'],
    ]);
  });
});

