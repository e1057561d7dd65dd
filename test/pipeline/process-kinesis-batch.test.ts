import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryAlertLedger } from '../../functions/alert/memory-ledger.js';
import { MemoryAlertPublisher } from '../../functions/alert/publisher.js';
import type { KinesisRecordInput } from '../../functions/decode/kinesis-record.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import type { StateStore, Versioned } from '../../functions/detect/types.js';
import { processKinesisBatch, type IngestDeps } from '../../functions/pipeline/process-kinesis-batch.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { MemoryObjectStore } from '../../functions/sinks/object-store.js';
import { queryStore } from '../e2e/support/tables.js';

const SHARD = 'shardId-000000000000';
const ARRIVAL = Date.parse('2026-11-26T12:00:00Z') / 1000;

function rec(seq: number, line: string): KinesisRecordInput {
  return { data: Buffer.from(line + '\n').toString('base64'), shardId: SHARD, sequenceNumber: String(49_000 + seq), approximateArrivalTimestamp: ARRIVAL, partitionKey: 'h' };
}

/** Records 0-3 in hour 01, 4-7 in hour 02; the OOM kill lines make detector state. */
function batch(): KinesisRecordInput[] {
  const kill = [
    'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999',
    'Memory cgroup out of memory: Killed process 4242 (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999',
  ];
  return [
    rec(0, `<4>Nov 26 01:10:00 w1 kernel: ${kill[0]}`),
    rec(1, `<4>Nov 26 01:10:00 w1 kernel: ${kill[1]}`),
    rec(2, '<13>Nov 26 01:20:00 w1 app: two'),
    rec(3, '<13>Nov 26 01:30:00 w1 app: three'),
    rec(4, '<13>Nov 26 02:10:00 w1 app: four'),
    rec(5, '<13>Nov 26 02:20:00 w1 app: five'),
    rec(6, '<13>Nov 26 02:30:00 w1 app: six'),
    rec(7, '<13>Nov 26 02:40:00 w1 app: seven'),
  ];
}

/** A state store whose next conditional write "kills the process". */
class DyingStore implements StateStore {
  dieOnNextPut = false;
  constructor(readonly inner = new MemoryStateStore()) {}
  get<T>(key: string): Promise<Versioned<T> | null> {
    return this.inner.get<T>(key);
  }
  async put<T>(key: string, value: T, expected: number | null): Promise<boolean> {
    if (this.dieOnNextPut) {
      this.dieOnNextPut = false;
      throw new Error('process died before the state commit');
    }
    return this.inner.put(key, value, expected);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  keys(prefix: string): Promise<string[]> {
    return this.inner.keys(prefix);
  }
}

function deps(state: StateStore, objects = new MemoryObjectStore(), publisher = new MemoryAlertPublisher()): IngestDeps & { objects: MemoryObjectStore; publisher: MemoryAlertPublisher } {
  return { config: DEFAULT_CONFIG, objects, state, ledger: new MemoryAlertLedger(), publisher, now: () => new Date(ARRIVAL * 1000) };
}

async function logsRows(objects: MemoryObjectStore): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-batch-'));
  for (const [key, body] of objects.objects) {
    mkdirSync(dirname(join(dir, key)), { recursive: true });
    writeFileSync(join(dir, key), body);
  }
  const query = await queryStore(dir);
  return query(`SELECT event_id, message, hour FROM logs ORDER BY message`);
}

describe('processKinesisBatch', () => {
  it('names each object after the first record it holds, so a bisected retry leaves no duplicate rows', async () => {
    const state = new DyingStore();
    const d = deps(state);
    state.dieOnNextPut = true;
    const full = await processKinesisBatch(batch(), d);
    expect(full.retryFrom).toBe('49000');
    // The crash came after the objects: both hours were written, named by their first records.
    expect([...d.objects.objects.keys()].filter((k) => k.startsWith('logs/')).sort()).toEqual([
      `logs/dt=2026-11-26/hour=01/${SHARD}-49000.parquet`,
      `logs/dt=2026-11-26/hour=02/${SHARD}-49004.parquet`,
    ]);
    // Lambda bisects: first half, then second half. Batch-named objects would leave hour 02's rows twice.
    expect((await processKinesisBatch(batch().slice(0, 4), d)).retryFrom).toBeNull();
    expect((await processKinesisBatch(batch().slice(4), d)).retryFrom).toBeNull();
    const rows = await logsRows(d.objects);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(8);
  });

  it('pages a finding emitted before a crash after the state commit, once, from the outbox', async () => {
    const state = new MemoryStateStore();
    const failing = { published: [], publish: async () => Promise.reject(new Error('process died before alerts')) };
    const d = deps(state);
    const first = await processKinesisBatch(batch(), { ...d, publisher: failing as unknown as MemoryAlertPublisher });
    expect(first.retryFrom).toBe('49000');
    expect(first.report.findings.map((f) => f.type)).toEqual(['oom_kill']);
    // The retry's detection finds the kill already counted; the outbox still has it.
    const retry = await processKinesisBatch(batch(), d);
    expect(retry.retryFrom).toBeNull();
    expect(retry.report.findings.map((f) => f.type)).toEqual(['oom_kill']);
    expect(d.publisher.published.map((a) => a.attributes.type)).toEqual(['oom_kill']);
    expect([...d.objects.objects.keys()].filter((k) => k.startsWith('findings/'))).toHaveLength(1);
    // A duplicate delivery pages nothing more.
    await processKinesisBatch(batch(), d);
    expect(d.publisher.published).toHaveLength(1);
  });

  it("writes each finding's HTML page under a stable key, with the batch's evidence, and the page names it", async () => {
    const d = { ...deps(new MemoryStateStore()), pages: { bucket: 'tables-bucket', region: 'eu-west-1' } };
    const { report } = await processKinesisBatch(batch(), d);
    const [kill] = report.findings;
    const key = `reports/findings/${kill.finding_id}.html`;
    expect([...d.objects.objects.keys()].filter((k) => k.startsWith('reports/'))).toEqual([key]);
    const page = Buffer.from(d.objects.objects.get(key)!).toString('utf8');
    expect(page).toContain(`<section class="finding sev-warning" id="${kill.finding_id}"`);
    // Both kernel lines are in this batch: the page lists them, and nothing is missing.
    expect(page).toContain('Evidence (2 records)');
    expect(page).toContain('Killed process 4242 (java)');
    expect(page).not.toContain('earlier batches');
    const [alert] = d.publisher.published;
    expect(alert.message).toContain(`Page: s3://tables-bucket/${key}`);
    expect(alert.message).toContain(`Console: https://s3.console.aws.amazon.com/s3/object/tables-bucket?region=eu-west-1&prefix=reports%2Ffindings%2F${kill.finding_id}.html`);
  });

  it('counts what it did, and turns bad bytes into quarantined records, not a failure', async () => {
    const d = deps(new MemoryStateStore());
    const bad: KinesisRecordInput = { ...rec(9, ''), data: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2]).toString('base64') };
    const { retryFrom, report } = await processKinesisBatch([...batch(), bad], d);
    expect(retryFrom).toBeNull();
    expect(report).toMatchObject({ recordsIn: 9, eventsOut: 9, parseErrors: 1, quarantined: 1, alertsSent: 1, alertsSuppressed: 0 });
    expect(report.bytesIn).toBe(batch().reduce((n, r) => n + Buffer.from(r.data, 'base64').length, 0) + 6);
    expect(report.iteratorAgeMs).toBe(0);
  });
});
