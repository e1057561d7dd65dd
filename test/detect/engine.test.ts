import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { BatchStore } from '../../functions/detect/state/batch-store.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import type { StateStore, Versioned } from '../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { recordFromMessage } from '../support/records.js';

/** Counts reads and writes, and lets a test change a key behind a reader's back once. */
class SpyStore implements StateStore {
  reads = 0;
  writes = 0;
  conflicts = 0;
  interfereOnce = false;
  constructor(readonly inner: StateStore = new MemoryStateStore()) {}
  async get<T>(key: string): Promise<Versioned<T> | null> {
    this.reads++;
    return this.inner.get<T>(key);
  }
  async put<T>(key: string, value: T, expected: number | null, ttl?: number): Promise<boolean> {
    if (this.interfereOnce) {
      // Another shard wrote the same key first (the same state: it saw the same records).
      this.interfereOnce = false;
      const current = await this.inner.get<T>(key);
      await this.inner.put(key, current ? current.value : value, current ? current.version : null);
    }
    const ok = await this.inner.put(key, value, expected, ttl);
    if (ok) this.writes++;
    else this.conflicts++;
    return ok;
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  keys(prefix: string): Promise<string[]> {
    return this.inner.keys(prefix);
  }
}

function oomRecords(): LogRecord[] {
  const lines = [
    'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999',
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/burstable/pod3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c,task_memcg=/kubepods/burstable/pod3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c/4f9c2d7e1a3b5c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d,task=java,pid=4242,uid=1000',
    'Memory cgroup out of memory: Killed process 4242 (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999',
  ];
  return lines.map((m, i) =>
    recordFromMessage(m, { time: `2026-11-26T01:00:00.00${i}000Z`, transport: 'kernel', app: 'kernel', host: 'worker-1', identity: `engine-test:${i}` }),
  );
}

async function run(store: StateStore, records: LogRecord[]) {
  const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), store, DEFAULT_CONFIG.detectors);
  for (const r of records) engine.push(r);
  await engine.flush();
  return engine.end();
}

describe('BatchStore', () => {
  it('reads a key once per batch, sees its own writes, and writes once at commit', async () => {
    const spy = new SpyStore();
    const batch = new BatchStore(spy);
    expect(await batch.get('k')).toBeNull();
    expect(await batch.put('k', { n: 1 }, null)).toBe(true);
    const seen = await batch.get<{ n: number }>('k');
    expect(seen?.value).toEqual({ n: 1 });
    expect(await batch.put('k', { n: 2 }, seen!.version)).toBe(true);
    expect(await batch.put('k', { n: 3 }, null)).toBe(false); // stale version inside the batch
    expect(spy.reads).toBe(1);
    expect(spy.writes).toBe(0);
    expect(await batch.commit()).toEqual([]);
    expect(spy.writes).toBe(1);
    expect((await spy.inner.get('k'))?.value).toEqual({ n: 2 });
  });

  it('reports a key another writer changed since the batch read it, and writes nothing for it', async () => {
    const backing = new MemoryStateStore();
    await backing.put('k', 'v1', null);
    const batch = new BatchStore(backing);
    const read = await batch.get<string>('k');
    await backing.put('k', 'other shard', 1);
    await batch.put('k', 'mine', read!.version);
    expect(await batch.commit()).toEqual(['k']);
    expect((await backing.get('k'))?.value).toBe('other shard');
  });
});

describe('DetectionEngine', () => {
  it('retries a batch whose state another writer changed, with the same findings', async () => {
    const calm = await run(new SpyStore(), oomRecords());
    const contended = new SpyStore();
    contended.interfereOnce = true;
    const found = await run(contended, oomRecords());
    expect(contended.conflicts).toBe(1);
    expect(found).toEqual(calm);
    expect(found.map((f) => f.type)).toEqual(['oom_kill']);
  });

  it('a retried batch (the same records again, same store) reports the same finding ids', async () => {
    const store = new MemoryStateStore();
    const first = await run(store, oomRecords());
    const again = await run(store, oomRecords());
    expect(again.map((f) => f.finding_id)).toEqual(first.map((f) => f.finding_id));
  });

  it('records without a time of their own do not move the watermark', async () => {
    const spy = new SpyStore();
    const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), spy, DEFAULT_CONFIG.detectors);
    const [invoked, ...rest] = oomRecords();
    engine.push(invoked);
    // Received "now" (a year later), with no event time: must not close the open kill.
    engine.push(recordFromMessage('unrelated line', { time: null }));
    for (const r of rest) engine.push(r);
    const found = await engine.end();
    expect(found).toHaveLength(1);
    expect(found[0].evidence).toHaveLength(3);
  });
});

describe('DetectionEngine: records later than the allowed lateness are counted', () => {
  const at = (time: string | null, i: number) => recordFromMessage(`line ${i}`, { time, identity: `late-test:${i}` });
  const engine = () => new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);

  it('counts a record behind the watermark (newest time minus 300 s) when pushed, and only those', async () => {
    const e = engine();
    const times = [
      '2026-11-26T01:00:00Z', // newest 01:00:00
      '2026-11-26T01:10:00Z', // newest 01:10:00, watermark 01:05:00
      '2026-11-26T01:06:00Z', // within the lateness
      '2026-11-26T01:04:59Z', // behind the watermark: late
      null, // no time of its own: never late
      '2026-11-26T01:00:00Z', // late
      '2026-11-26T01:05:00Z', // exactly at the watermark: not late
    ];
    times.forEach((t, i) => e.push(at(t, i)));
    expect(e.lateRecords).toBe(2);
    await e.end();
    expect(e.lateRecords).toBe(2);
  });

  it('in-order input has no late records; the count follows allowed_lateness_seconds', () => {
    const inOrder = engine();
    for (let i = 0; i < 100; i++) inOrder.push(at(new Date(Date.UTC(2026, 10, 26, 1, 0, i * 30)).toISOString(), i));
    expect(inOrder.lateRecords).toBe(0);
    const strict = new DetectionEngine([], new MemoryStateStore(), { ...DEFAULT_CONFIG.detectors, allowed_lateness_seconds: 10 });
    strict.push(at('2026-11-26T01:00:30Z', 0));
    strict.push(at('2026-11-26T01:00:15Z', 1));
    expect(strict.lateRecords).toBe(1);
  });
});
