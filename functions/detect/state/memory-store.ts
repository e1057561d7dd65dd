import type { StateStore, Versioned } from '../types.js';

/** In-process StateStore with the same conditional-write semantics as the DynamoDB one. */
export class MemoryStateStore implements StateStore {
  private readonly items = new Map<string, Versioned<unknown>>();

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const item = this.items.get(key);
    return item ? { value: structuredClone(item.value) as T, version: item.version } : null;
  }

  async put<T>(key: string, value: T, expectedVersion: number | null): Promise<boolean> {
    const current = this.items.get(key);
    if ((current?.version ?? null) !== expectedVersion) return false;
    this.items.set(key, { value: structuredClone(value), version: (expectedVersion ?? 0) + 1 });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.items.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((k) => k.startsWith(prefix));
  }
}
