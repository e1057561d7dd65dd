import type { StateStore, Versioned } from '../types.js';

/**
 * In-process StateStore with the same semantics as the DynamoDB one: conditional writes on a
 * version, and values that cross a serialization boundary (stored as JSON), so a caller that
 * mutates what it read cannot change the stored state behind the store's back.
 */
export interface StoredItem {
  json: string;
  version: number;
}

export class MemoryStateStore implements StateStore {
  /** `items` seeds the store (a saved snapshot); the store owns the map from then on. */
  constructor(private readonly items = new Map<string, StoredItem>()) {}

  /** Every item as stored, for saving the state between runs. */
  snapshot(): [string, StoredItem][] {
    return [...this.items];
  }

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const item = this.items.get(key);
    return item ? { value: JSON.parse(item.json) as T, version: item.version } : null;
  }

  async put<T>(key: string, value: T, expectedVersion: number | null): Promise<boolean> {
    const current = this.items.get(key);
    if ((current?.version ?? null) !== expectedVersion) return false;
    this.items.set(key, { json: JSON.stringify(value), version: (expectedVersion ?? 0) + 1 });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.items.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((k) => k.startsWith(prefix));
  }
}
