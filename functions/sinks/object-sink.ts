/**
 * Where table objects go: a local directory (CLI), memory (bench, tests), S3 (Lambda).
 * `put` replaces any object under the same key: deterministic keys make re-writes idempotent.
 */
export interface ObjectSink {
  /** `contentType`: for objects people open (the report pages); table objects leave it unset. */
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
}

/** Objects kept in a Map, for benchmarks and tests. */
export class MemoryObjectSink implements ObjectSink {
  readonly objects = new Map<string, Uint8Array>();

  async put(key: string, body: Uint8Array): Promise<void> {
    this.objects.set(key, body);
  }
}
