import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { recordFromMessage } from '../support/records.js';

/** One Lambda batch: a fresh engine and fresh detectors over the shared state. */
async function batch(store: MemoryStateStore, records: LogRecord[]) {
  const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), store, DEFAULT_CONFIG.detectors);
  for (const r of records) engine.push(r);
  await engine.flush();
  return engine.findings();
}

describe('windows opened by an earlier instance (an earlier Lambda batch)', () => {
  it('are closed by a later instance once event time passes them', async () => {
    const store = new MemoryStateStore();
    const at = (time: string, message: string, extra: object = {}) => recordFromMessage(message, { time, host: 'web-1', app: 'haproxy', ...extra });
    const opened = await batch(store, [
      at('2026-11-26T10:05:00Z', 'SSL: verify error:num=10:certificate has expired:depth=1:subject=/CN=Example Root CA'),
      at('2026-11-26T10:05:01Z', 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999', { app: 'kernel', transport: 'kernel' }),
    ]);
    expect(opened).toEqual([]);
    const later = await batch(store, [at('2026-11-26T11:30:00Z', 'backend api/api-1 is UP')]);
    expect(later.map((f) => f.type).sort()).toEqual(['cert_expired', 'oom_kill']);
    // Closed once: the next instance emits nothing again.
    expect(await batch(store, [at('2026-11-26T11:31:00Z', 'backend api/api-1 is UP')])).toEqual([]);
  });
});
