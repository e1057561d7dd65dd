import { gunzipSync, gzipSync } from 'node:zlib';
import type { ObjectStore } from '../../sinks/object-store.js';
import type { Finding } from '../types.js';

/** Outside every table's prefix, so no table (Glue, DuckDB views) reads it; CDK expires it. */
export const OUTBOX_PREFIX = '_outbox/';

/** `_outbox/<shardId>/<firstSequenceNumber>.json.gz`: one per batch start. */
export function outboxKey(shardId: string, firstSequenceNumber: string): string {
  return `${OUTBOX_PREFIX}${encodeURIComponent(shardId)}/${firstSequenceNumber}.json.gz`;
}

/**
 * The findings a batch emitted, written durably before each detector's state commit and read
 * at the start of every delivery of a batch that starts at the same record. After the state
 * commit a retry's detection no longer emits what the state already counts; the outbox still
 * holds it, so the findings rows and the alert survive any crash after the commit. It only
 * grows (newest version per finding_id): a retry that emits nothing must not erase it.
 */
export class FindingsOutbox {
  private readonly byId = new Map<string, Finding>();

  private constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
  ) {}

  static async open(store: ObjectStore, key: string): Promise<FindingsOutbox> {
    const box = new FindingsOutbox(store, key);
    const body = await store.get(key);
    if (body !== null) {
      for (const f of JSON.parse(gunzipSync(body).toString('utf8')) as Finding[]) box.byId.set(f.finding_id, f);
    }
    return box;
  }

  /** Adds findings (a newer version replaces an older one) and writes the outbox if anything changed. */
  async record(found: readonly Finding[]): Promise<void> {
    let changed = false;
    for (const f of found) {
      const held = this.byId.get(f.finding_id);
      if (held !== undefined && JSON.stringify(held) === JSON.stringify(f)) continue;
      this.byId.set(f.finding_id, f);
      changed = true;
    }
    if (changed) await this.store.put(this.key, gzipSync(JSON.stringify([...this.byId.values()])));
  }

  findings(): Finding[] {
    return [...this.byId.values()];
  }
}
