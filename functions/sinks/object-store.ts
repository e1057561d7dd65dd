import { MemoryObjectSink, type ObjectSink } from './object-sink.js';

/**
 * Objects that are read back as well as written (the findings outbox). `put` replaces the
 * object under the same key; `get` returns null when there is none.
 */
export interface ObjectStore extends ObjectSink {
  get(key: string): Promise<Uint8Array | null>;
}

/** In memory, for tests and the benchmark. */
export class MemoryObjectStore extends MemoryObjectSink implements ObjectStore {
  async get(key: string): Promise<Uint8Array | null> {
    return this.objects.get(key) ?? null;
  }
}
