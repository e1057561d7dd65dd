/** One event cut out of a byte stream by a framer. */
export interface FramedEvent {
  /** The event's bytes (possibly cut to the size limit). */
  data: Buffer;
  /** 0-based event number within the source, counting error events too. */
  index: number;
  /** Set when the bytes are not a whole, well-framed event (cut, truncated, bad frame header). */
  error?: string;
}

export function oversizeError(maxEventBytes: number): string {
  return `event exceeds ${maxEventBytes} bytes; cut`;
}

/** `error`, plus the note that the event's bytes were cut to the limit. */
export function withCutNote(error: string, maxEventBytes: number): string {
  return `${error}; cut to its first ${maxEventBytes} bytes (max_event_bytes)`;
}

/** Numbers events in order and collects them until the framer hands them out. */
export class EventSink {
  private next = 0;
  private out: FramedEvent[] = [];

  emit(data: Buffer, error?: string): void {
    const event: FramedEvent = { data, index: this.next++ };
    if (error !== undefined) event.error = error;
    this.out.push(event);
  }

  /** Emits `data`, cut to `max` bytes with the oversize error when longer. */
  emitBounded(data: Buffer, max: number): void {
    if (data.length > max) this.emit(data.subarray(0, max), oversizeError(max));
    else this.emit(data);
  }

  /**
   * Emits an error event whose bytes may be longer than `max` (or were already cut, `cut`):
   * they are cut to `max` and the error says so, naming the limit.
   */
  emitError(data: Buffer, error: string, max: number, cut = false): void {
    if (data.length > max) {
      data = data.subarray(0, max);
      cut = true;
    }
    this.emit(data, cut ? withCutNote(error, max) : error);
  }

  take(): FramedEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }
}

/**
 * Bytes of one event gathered across chunks, never more than `capacity`: what does not fit is
 * dropped (not buffered), and `overflowed` says so.
 */
export class BoundedBytes {
  private parts: Buffer[] = [];
  length = 0;
  overflowed = false;

  constructor(private readonly capacity: number) {}

  append(bytes: Buffer): void {
    const room = this.capacity - this.length;
    if (bytes.length > room) {
      this.overflowed = true;
      if (room <= 0) return;
      bytes = bytes.subarray(0, room);
    }
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  appendByte(byte: number): void {
    this.append(Buffer.of(byte));
  }

  /** The gathered bytes; resets the buffer (and `overflowed`: read it first). */
  take(): Buffer {
    const parts = this.parts;
    const data = parts.length === 1 ? parts[0] : Buffer.concat(parts, this.length);
    this.reset();
    return data;
  }

  reset(): void {
    this.parts = [];
    this.length = 0;
    this.overflowed = false;
  }
}
