import { gzipSync } from 'node:zlib';
import type { ShipEntry } from './journal-entry.js';
import { KINESIS, RECORD_OVERHEAD_BYTES } from './limits.js';

/** An entry read from the source and not yet acknowledged; the cursor moves past it only once `acked`. */
export interface PendingEntry {
  cursor: string | null;
  realtimeUs: number | null;
  bytes: number;
  acked: boolean;
}

/** One Kinesis record: several entries of one partition key, newline-framed, maybe gzip'd. */
export interface ShipRecord {
  partitionKey: string;
  data: Buffer;
  entries: PendingEntry[];
  /** Failed attempts so far (for the backoff). */
  attempts: number;
  /** Not sent again before this time (ms since the epoch). */
  notBefore: number;
}

interface OpenRecord {
  parts: Buffer[];
  bytes: number;
  entries: PendingEntry[];
}

/** Uncompressed bytes a record may hold, so that it fits the 1 MiB limit even when gzip does not shrink it. */
const MAX_RAW_RECORD_BYTES = KINESIS.maxRecordBytes - RECORD_OVERHEAD_BYTES - 1024;
const NEWLINE = Buffer.from('\n');

/**
 * Packs entries into records per partition key. Export blocks are followed by the empty line
 * that ends an entry in the export format, JSON entries by a newline, so the decode stage frames
 * a record exactly as it frames `journalctl -o export` / `-o json` output. A record closes
 * before it would pass `targetBytes` (measured after gzip, estimated from the ratio of earlier
 * records); an entry the framer flagged goes alone, so a cut entry cannot swallow the next.
 */
export class RecordBuilder {
  private readonly open = new Map<string, OpenRecord>();
  private ratio = 1;
  /** Entry bytes held in open records. */
  openBytes = 0;

  constructor(
    private readonly targetBytes: number,
    private readonly gzip: boolean,
    private readonly emit: (record: ShipRecord) => void,
  ) {}

  get isEmpty(): boolean {
    return this.open.size === 0;
  }

  add(entry: ShipEntry, pending: PendingEntry): void {
    if (entry.error !== undefined) {
      this.emitRecord(entry.partitionKey, { parts: [entry.data, NEWLINE], bytes: entry.data.length + 1, entries: [pending] });
      return;
    }
    const size = entry.data.length + 1;
    const limit = Math.min(MAX_RAW_RECORD_BYTES, this.gzip ? this.targetBytes * this.ratio : this.targetBytes);
    let rec = this.open.get(entry.partitionKey);
    if (rec !== undefined && rec.bytes + size > limit) {
      this.close(entry.partitionKey, rec);
      rec = undefined;
    }
    if (rec === undefined) {
      rec = { parts: [], bytes: 0, entries: [] };
      this.open.set(entry.partitionKey, rec);
    }
    rec.parts.push(entry.data, NEWLINE);
    rec.bytes += size;
    rec.entries.push(pending);
    this.openBytes += size;
  }

  closeAll(): void {
    for (const [key, rec] of this.open) this.close(key, rec);
  }

  private close(key: string, rec: OpenRecord): void {
    this.open.delete(key);
    this.openBytes -= rec.bytes;
    this.emitRecord(key, rec);
  }

  private emitRecord(partitionKey: string, rec: OpenRecord): void {
    // One copy: the record no longer pins the source's read buffers.
    let data = Buffer.concat(rec.parts, rec.bytes);
    if (this.gzip) {
      const zipped = gzipSync(data);
      // A running estimate, so the next records aim at targetBytes after compression.
      this.ratio = 0.8 * this.ratio + 0.2 * (data.length / Math.max(1, zipped.length));
      data = zipped;
    }
    this.emit({ partitionKey, data, entries: rec.entries, attempts: 0, notBefore: 0 });
  }
}
