import { expect } from 'vitest';
import { recordStream } from '../../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import type { ListedObject, ListedObjectStore } from '../../functions/sinks/listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { StoreQuery } from '../../bin/cli/query/store-query.js';
import type { Cell, ResultWriter } from '../../bin/cli/result-writers.js';

/**
 * Interleaved writes, compactions (some crashing after a merged put or any put or delete) and
 * merges of merged objects, with a read after every single put and delete of the store: each
 * read must see every event id written so far exactly once. The same sequence runs on the local
 * store and on the S3 stand-in; `visibleIds` is what a reader (the tables' views) sees.
 */
export interface SequenceWorld {
  store: ListedObjectStore;
  /** Stores new records as ingest does (small objects). */
  write(records: LogRecord[]): Promise<void>;
  /** The event ids of logs and logs_auth as a reader sees them, one per row. */
  visibleIds(): Promise<string[]>;
}

export interface SequenceStats {
  reads: number;
  crashes: number;
  /** Merged objects merged again (deleted by a later compaction as one of its sources). */
  mergesOfMerges: number;
}

class Crash extends Error {}

/** The rows of `sql` as logsift query returns them from a local store (its views, its retry). */
export async function queryRows(store: string, sql: string, q?: StoreQuery): Promise<Cell[][]> {
  const query = q ?? (await StoreQuery.open(store));
  const rows: Cell[][] = [];
  const writer: ResultWriter = { rows: async (b) => void rows.push(...b), end: async () => undefined };
  try {
    await query.run(sql, () => writer);
  } finally {
    if (q === undefined) query.close();
  }
  return rows;
}

/** Every event id of logs and logs_auth a reader sees, one per row. */
export const VISIBLE_IDS_SQL = 'SELECT event_id FROM logs UNION ALL SELECT event_id FROM logs_auth';

/** A store that runs `check` after each put and delete, and can crash after the n-th of them. */
class ObservedStore implements ListedObjectStore {
  mutations = 0;
  crashAt = Infinity;
  constructor(
    private readonly inner: ListedObjectStore,
    private readonly check: () => Promise<void>,
    private readonly onDelete: (key: string) => void,
  ) {}
  get(key: string): Promise<Uint8Array | null> {
    return this.inner.get(key);
  }
  list(prefix: string): Promise<ListedObject[]> {
    return this.inner.list(prefix);
  }
  folders(prefix: string): Promise<string[]> {
    return this.inner.folders(prefix);
  }
  async put(key: string, body: Uint8Array): Promise<void> {
    await this.inner.put(key, body);
    await this.after();
  }
  async delete(key: string): Promise<void> {
    await this.inner.delete(key);
    this.onDelete(key);
    await this.after();
  }
  private async after(): Promise<void> {
    await this.check();
    if (++this.mutations === this.crashAt) throw new Crash(`crash after mutation ${this.mutations}`);
  }
}

/** A small deterministic PRNG (mulberry32), so a failing seed can be run again. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** journalctl -o json entries `from`..`to`, two seconds apart (so a few hundred span two hours); every fifth is sshd (logs_auth). */
export async function journalRecords(from: number, to: number): Promise<LogRecord[]> {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const us = String(1_764_102_600_000_000 + i * 2_000_000);
    lines.push(JSON.stringify({ __CURSOR: `s=seq;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: us, _HOSTNAME: `node-${i % 3}`, SYSLOG_IDENTIFIER: i % 5 === 0 ? 'sshd' : 'app', PRIORITY: String(i % 8), MESSAGE: `entry ${i}` }));
  }
  const records: LogRecord[] = [];
  const opts = { source: 'seq.json', format: 'auto' as const, framing: 'lines' as const, receivedTime: new Date('2026-11-30T10:00:00Z'), config: DEFAULT_CONFIG };
  async function* once(): AsyncGenerator<Buffer> {
    yield Buffer.from(lines.join('\n') + '\n');
  }
  for await (const b of recordStream(once(), opts)) records.push(...b);
  return records;
}

const CAPS = [6_000, 20_000, undefined];

type CrashKind = 'none' | 'after-merged-put' | 'any';

/** One world's store, observed: what has been written, and a read after every put and delete. */
class Harness {
  readonly expected: string[] = [];
  readonly stats: SequenceStats = { reads: 0, crashes: 0, mergesOfMerges: 0 };
  private readonly merged = new Set<string>();
  private readonly store: ObservedStore;
  private next = 0;

  constructor(
    private readonly world: SequenceWorld,
    private readonly label: string,
    private readonly random: () => number,
  ) {
    this.store = new ObservedStore(world.store, () => this.check(), (key) => {
      if (this.merged.delete(key)) this.stats.mergesOfMerges++;
    });
  }

  async check(): Promise<void> {
    const seen = await this.world.visibleIds();
    const n = ++this.stats.reads;
    expect(seen.length, `${this.label}, read ${n}: rows`).toBe(this.expected.length);
    expect(new Set(seen).size, `${this.label}, read ${n}: distinct ids`).toBe(this.expected.length);
    expect([...seen].sort()).toEqual([...this.expected].sort());
  }

  /** `n` new records, in objects of 30 records per table and hour. */
  async write(n: number): Promise<void> {
    const records = await journalRecords(this.next, this.next + n);
    this.next += n;
    for (let i = 0; i < records.length; i += 30) await this.world.write(records.slice(i, i + 30));
    this.expected.push(...records.map((r) => r.event_id));
    await this.check();
  }

  /** A compaction; `after-merged-put` dies right after the n-th merged put, `any` after a random put or delete. */
  async compact(crash: CrashKind, maxMergedBytes?: number, crashAfterPut = 1 + Math.floor(this.random() * 3)): Promise<void> {
    this.store.mutations = 0;
    this.store.crashAt = crash === 'any' ? 1 + Math.floor(this.random() * 8) : Infinity;
    let puts = 0;
    try {
      await compactStore(this.store, {
        maxMergedBytes,
        afterMergedPut: (key) => {
          this.merged.add(key);
          if (crash === 'after-merged-put' && ++puts === crashAfterPut) throw new Crash(`crash after merged put ${puts}`);
        },
      });
    } catch (err) {
      if (!(err instanceof Crash)) throw err;
      this.stats.crashes++;
    }
    this.store.crashAt = Infinity;
  }
}

export async function runSequence(world: SequenceWorld, seed: number, steps = 6): Promise<SequenceStats> {
  const random = prng(seed);
  const h = new Harness(world, `seed ${seed}`, random);
  const cap = (): number | undefined => CAPS[Math.floor(random() * CAPS.length)];
  await h.write(40 + Math.floor(random() * 120));
  for (let s = 0; s < steps; s++) {
    const op = random();
    if (op < 0.3) await h.write(40 + Math.floor(random() * 120));
    else if (op < 0.55) await h.compact('after-merged-put', cap());
    else if (op < 0.8) await h.compact('any', cap());
    else await h.compact('none', cap());
  }
  // Finished cleanly at last: every object left holds rows no other does.
  await h.compact('none');
  await h.check();
  return h.stats;
}

/** runSequence for each seed, each in a world of its own; the stats summed. */
export async function runSequences(makeWorld: (seed: number) => Promise<SequenceWorld>, seeds: readonly number[]): Promise<SequenceStats> {
  const total: SequenceStats = { reads: 0, crashes: 0, mergesOfMerges: 0 };
  for (const seed of seeds) {
    const stats = await runSequence(await makeWorld(seed), seed);
    total.reads += stats.reads;
    total.crashes += stats.crashes;
    total.mergesOfMerges += stats.mergesOfMerges;
  }
  return total;
}

/**
 * The case the order of recovery is for: a merge M1 of A and B is put and the compaction dies;
 * C is written to the same hour; the next compaction merges M1 and C into M2, which names only
 * M1 and C. A and B are hidden only by M1, so they must be deleted before M1 is: recovery deletes
 * leftovers before it merges. Reads after every put and delete check it.
 */
export async function crashThenMergeOfMerge(world: SequenceWorld): Promise<SequenceStats> {
  const h = new Harness(world, 'merge of a crashed merge', prng(7));
  await h.write(90);
  await h.compact('after-merged-put', undefined, 1);
  await h.write(60);
  await h.compact('none');
  await h.check();
  return h.stats;
}
