import { BoundedBytes, type EventSink } from './framed-event.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Newline framing: one event per line, trailing CR stripped, empty lines skipped. A line whose
 * content is longer than `max` is cut to its first `max` bytes and the rest skipped unbuffered.
 */
export class LineFramer {
  /** Holds at most max + 1 bytes: a line of exactly `max` bytes may still be followed by CR LF. */
  private readonly pending: BoundedBytes;
  private skippingRest = false;

  constructor(
    private readonly max: number,
    private readonly sink: EventSink,
  ) {
    this.pending = new BoundedBytes(max + 1);
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.skippingRest) {
        this.skippingRest = nl === -1;
      } else if (this.pending.length === 0 && nl !== -1) {
        this.emitLine(chunk.subarray(start, end)); // whole line inside this chunk: no copy
      } else {
        this.pending.append(chunk.subarray(start, end));
        if (this.pending.overflowed) {
          // More than max + 1 bytes without a newline: too long whatever follows.
          this.sink.emitBounded(this.pending.take(), this.max);
          this.skippingRest = nl === -1;
        } else if (nl !== -1) {
          this.emitLine(this.pending.take());
        }
      }
      if (nl === -1) return;
      start = nl + 1;
    }
  }

  /** Bytes held between pushes. */
  get heldBytes(): number {
    return this.pending.length;
  }

  end(): void {
    if (this.pending.length > 0) this.emitLine(this.pending.take());
    this.skippingRest = false;
  }

  private emitLine(line: Buffer): void {
    const len = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
    if (len === 0) return;
    this.sink.emitBounded(len === line.length ? line : line.subarray(0, len), this.max);
  }
}
