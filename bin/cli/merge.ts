import type { LogRecord } from '../../functions/shared/record.js';

/**
 * Merges per-file record streams into one in event-time order (k-way merge, a record at a time
 * per file held). A record with no time keeps its file's order: it sorts with the last timed
 * record before it. Ties keep the files' order on the command line.
 */
export async function* mergeByEventTime(streams: AsyncIterable<LogRecord[]>[]): AsyncGenerator<LogRecord> {
  const heads = streams.map((s) => new Head(s[Symbol.asyncIterator]()));
  await Promise.all(heads.map((h) => h.advance()));
  for (;;) {
    let best: Head | null = null;
    for (const h of heads) {
      if (h.current !== null && (best === null || h.key < best.key)) best = h;
    }
    if (best === null) return;
    yield best.current as LogRecord;
    await best.advance();
  }
}

class Head {
  current: LogRecord | null = null;
  key = '';
  private batch: LogRecord[] = [];
  private index = 0;

  constructor(private readonly it: AsyncIterator<LogRecord[]>) {}

  async advance(): Promise<void> {
    while (this.index >= this.batch.length) {
      const next = await this.it.next();
      if (next.done) {
        this.current = null;
        return;
      }
      this.batch = next.value;
      this.index = 0;
    }
    this.current = this.batch[this.index++];
    // RFC 3339 UTC strings of one fixed shape sort as times do.
    if (this.current.time !== null) this.key = this.current.time;
  }
}
