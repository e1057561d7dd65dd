import type { PendingEntry } from './record-builder.js';

/**
 * Entries in the order they were read. Records are acknowledged in any order (retries,
 * concurrent calls); the cursor that may be saved is that of the last entry before the first
 * one still unacknowledged, so a restart from it loses nothing.
 */
export class AckTracker {
  private queue: PendingEntry[] = [];
  private head = 0;
  /** The newest cursor all of whose predecessors are acknowledged. */
  committed: string | null = null;

  constructor(initial: string | null) {
    this.committed = initial;
  }

  add(entry: PendingEntry): void {
    this.queue.push(entry);
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  /** The oldest entry not yet acknowledged. */
  get oldest(): PendingEntry | undefined {
    return this.queue[this.head];
  }

  /** Moves past acknowledged entries; returns true when `committed` changed. */
  advance(): boolean {
    const before = this.committed;
    while (this.head < this.queue.length && this.queue[this.head].acked) {
      const c = this.queue[this.head].cursor;
      if (c !== null) this.committed = c;
      this.head++;
    }
    // Drop the acknowledged prefix now and then, so memory follows what is pending.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return this.committed !== before;
  }
}
