import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../../functions/detect/types.js';

/**
 * The behaviour every StateStore must have (MemoryStateStore in the unit project, the DynamoDB
 * store against dynalite in the e2e project): the engine and the detectors rely on each point.
 * `fresh` returns an empty store (or one whose keys start with a unique namespace it returns).
 */
export function stateStoreContract(name: string, fresh: () => Promise<{ store: StateStore; ns: string }>): void {
  describe(`${name} (StateStore contract)`, () => {
    it('reads back what it wrote, starting at version 1', async () => {
      const { store, ns } = await fresh();
      const key = `${ns}oom:host:a`;
      expect(await store.get(key)).toBeNull();
      expect(await store.put(key, { n: 1, list: ['x'], nested: { ok: true } }, null)).toBe(true);
      expect(await store.get(key)).toEqual({ value: { n: 1, list: ['x'], nested: { ok: true } }, version: 1 });
    });

    it('writes only on the expected version', async () => {
      const { store, ns } = await fresh();
      const key = `${ns}etcd:v1:lead:c1`;
      expect(await store.put(key, 'a', null)).toBe(true);
      expect(await store.put(key, 'b', null)).toBe(false); // the key exists now
      expect(await store.put(key, 'b', 2)).toBe(false); // stale or future version
      expect(await store.put(key, 'b', 1)).toBe(true);
      expect(await store.put(key, 'c', 1)).toBe(false); // another writer already moved it to 2
      expect(await store.get(key)).toEqual({ value: 'b', version: 2 });
    });

    it('hands out values the caller may change without changing the stored state', async () => {
      const { store, ns } = await fresh();
      const key = `${ns}cert:f:1`;
      await store.put(key, { list: [1] }, null);
      const got = await store.get<{ list: number[] }>(key);
      got!.value.list.push(2);
      expect((await store.get<{ list: number[] }>(key))!.value.list).toEqual([1]);
    });

    it('deletes, after which the key can be created again', async () => {
      const { store, ns } = await fresh();
      const key = `${ns}oom:host:b`;
      await store.put(key, 1, null);
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      expect(await store.put(key, 2, null)).toBe(true);
      expect(await store.get(key)).toEqual({ value: 2, version: 1 });
    });

    it('lists the keys of a group by prefix, and none of another group', async () => {
      const { store, ns } = await fresh();
      for (const k of ['cert:f:a', 'cert:f:b', 'cert:nb:a', 'oom:host:a']) await store.put(`${ns}${k}`, k, null, 4102444800);
      expect((await store.keys(`${ns}cert:f:`)).sort()).toEqual([`${ns}cert:f:a`, `${ns}cert:f:b`]);
      expect(await store.keys(`${ns}oom:host:`)).toEqual([`${ns}oom:host:a`]);
      expect(await store.keys(`${ns}etcd:v1:`)).toEqual([]);
    });

    it('keeps large and non-ASCII values intact', async () => {
      const { store, ns } = await fresh();
      const key = `${ns}etcd:v1:pre:big`;
      const value = { text: 'é漢\u0000'.repeat(30_000), n: Array.from({ length: 5000 }, (_, i) => i) };
      expect(await store.put(key, value, null)).toBe(true);
      expect(await store.get(key)).toEqual({ value, version: 1 });
    });
  });
}
