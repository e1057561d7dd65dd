import type { StateStore, Versioned } from '../types.js';

interface Entry {
  value: unknown;
  exists: boolean;
  /** Version in the backing store when first read: the condition of the final write. */
  baseVersion: number | null;
  /** Version as this batch sees it, moved on by each put inside the batch. */
  version: number | null;
  dirty: boolean;
  ttl?: number;
}

/**
 * One batch's view of a StateStore: each key is read once, changed in memory as often as the
 * batch needs, and written once at `commit` with a condition on the version first read. That
 * is one conditional write per key per batch instead of one per record (DynamoDB cost, and no
 * serialization per record in memory). Values read are the batch's own to change.
 */
export class BatchStore implements StateStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly backing: StateStore) {}

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const e = await this.entry(key);
    return e.exists ? { value: e.value as T, version: e.version as number } : null;
  }

  async put<T>(key: string, value: T, expectedVersion: number | null, ttlEpochSeconds?: number): Promise<boolean> {
    const e = await this.entry(key);
    if ((e.exists ? e.version : null) !== expectedVersion) return false;
    e.value = value;
    e.exists = true;
    e.version = (expectedVersion ?? 0) + 1;
    e.dirty = true;
    e.ttl = ttlEpochSeconds;
    return true;
  }

  async delete(key: string): Promise<void> {
    const e = await this.entry(key);
    e.exists = false;
    e.dirty = true;
  }

  async keys(prefix: string): Promise<string[]> {
    const keys = new Set(await this.backing.keys(prefix));
    for (const [k, e] of this.entries) {
      if (!k.startsWith(prefix)) continue;
      if (e.exists) keys.add(k);
      else keys.delete(k);
    }
    return [...keys];
  }

  /** Writes every changed key; returns the keys another writer changed meanwhile (nothing of those was written). */
  async commit(): Promise<string[]> {
    const conflicts: string[] = [];
    for (const [key, e] of this.entries) {
      if (!e.dirty) continue;
      if (!e.exists) {
        if (e.baseVersion !== null) await this.backing.delete(key);
        continue;
      }
      if (!(await this.backing.put(key, e.value, e.baseVersion, e.ttl))) conflicts.push(key);
    }
    return conflicts;
  }

  private async entry(key: string): Promise<Entry> {
    let e = this.entries.get(key);
    if (e === undefined) {
      const stored = await this.backing.get(key);
      e = {
        value: stored?.value ?? null,
        exists: stored !== null,
        baseVersion: stored?.version ?? null,
        version: stored?.version ?? null,
        dirty: false,
      };
      this.entries.set(key, e);
    }
    return e;
  }
}
