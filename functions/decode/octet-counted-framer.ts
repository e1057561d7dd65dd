import { BoundedBytes, oversizeError, type EventSink } from './framed-event.js';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const LT = 0x3c;
const ZERO = 0x30;
const NINE = 0x39;
/** MSG-LEN digits accepted; more than this is not a length any sender means. */
const MAX_LENGTH_DIGITS = 10;

export const BAD_FRAME_HEADER_ERROR =
  'invalid octet-counting length prefix; skipped to the next line starting with "<length> <"';

const enum State {
  /** At a frame start, reading MSG-LEN. */
  Header,
  /** Resyncing: MSG-LEN and SP read at a line start; the message must begin with `<`. */
  AwaitPri,
  /** Reading the message's bytes. */
  Body,
  /** Resyncing: skipping to the next line start. */
  SkipLine,
}

/**
 * RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, MSG-LEN a nonzero decimal without
 * leading zero; the message may hold newlines and any bytes. Whitespace between frames is
 * tolerated (senders often end frames with LF). On a bad length prefix the bytes are skipped to
 * the next line that starts like a frame (`<digits> <`), and they become one error event.
 */
export class OctetCountedFramer {
  private state = State.Header;
  private resyncing = false;
  private length = 0;
  private readonly header: number[] = [];
  private remaining = 0;
  private readonly body: BoundedBytes;
  private readonly skipped: BoundedBytes;

  constructor(
    private readonly max: number,
    private readonly sink: EventSink,
  ) {
    this.body = new BoundedBytes(max);
    this.skipped = new BoundedBytes(max);
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.Header:
          this.headerByte(chunk[i]);
          i++;
          break;
        case State.AwaitPri:
          if (chunk[i] === LT) {
            this.emitSkipped();
            this.startBody();
          } else {
            this.skipped.append(Buffer.from(this.header));
            this.badByte(chunk[i]);
            i++;
          }
          break;
        case State.SkipLine: {
          const nl = chunk.indexOf(LF, i);
          const stop = nl === -1 ? n : nl + 1;
          this.skipped.append(chunk.subarray(i, stop));
          if (nl !== -1) this.startHeader();
          i = stop;
          break;
        }
        case State.Body:
          i = this.bodyBytes(chunk, i);
          break;
      }
    }
  }

  end(): void {
    switch (this.state) {
      case State.Header:
        if (this.resyncing) {
          this.skipped.append(Buffer.from(this.header));
          this.emitSkipped();
        } else if (this.header.length > 0) {
          this.sink.emit(Buffer.from(this.header), 'truncated octet-counting length prefix at end of input');
        }
        break;
      case State.AwaitPri:
        this.skipped.append(Buffer.from(this.header));
        this.emitSkipped();
        break;
      case State.SkipLine:
        this.emitSkipped();
        break;
      case State.Body: {
        const got = this.length - this.remaining;
        this.sink.emit(
          this.body.take(),
          `truncated octet-counted frame: expected ${this.length} bytes, got ${got}`,
        );
        break;
      }
    }
    this.resyncing = false;
    this.startHeader();
  }

  private headerByte(b: number): void {
    const isDigit = b >= ZERO && b <= NINE;
    if (this.header.length === 0) {
      if (b === LF || (!this.resyncing && (b === CR || b === SP || b === TAB))) {
        if (this.resyncing) this.skipped.appendByte(b);
        return;
      }
      if (isDigit && b !== ZERO) {
        this.length = b - ZERO;
        this.header.push(b);
        return;
      }
    } else if (isDigit && this.header.length < MAX_LENGTH_DIGITS) {
      this.length = this.length * 10 + (b - ZERO);
      this.header.push(b);
      return;
    } else if (b === SP) {
      this.header.push(b);
      if (this.resyncing) this.state = State.AwaitPri;
      else this.startBody();
      return;
    }
    this.skipped.append(Buffer.from(this.header));
    this.badByte(b);
  }

  /** A byte that cannot continue a frame header: resync from here. */
  private badByte(b: number): void {
    this.resyncing = true;
    this.skipped.appendByte(b);
    if (b === LF) this.startHeader();
    else {
      this.header.length = 0;
      this.state = State.SkipLine;
    }
  }

  private bodyBytes(chunk: Buffer, i: number): number {
    const take = Math.min(this.remaining, chunk.length - i);
    if (take === this.remaining && this.body.length === 0 && !this.body.overflowed) {
      this.sink.emitBounded(chunk.subarray(i, i + take), this.max); // frame within one chunk: no copy
      this.startHeader();
      return i + take;
    }
    this.body.append(chunk.subarray(i, i + take));
    this.remaining -= take;
    if (this.remaining === 0) {
      const cut = this.body.overflowed;
      const data = this.body.take();
      if (cut) this.sink.emit(data, oversizeError(this.max));
      else this.sink.emit(data);
      this.startHeader();
    }
    return i + take;
  }

  private startHeader(): void {
    this.state = State.Header;
    this.header.length = 0;
    this.length = 0;
  }

  private startBody(): void {
    this.state = State.Body;
    this.remaining = this.length;
    this.body.reset();
  }

  private emitSkipped(): void {
    let data = this.skipped.take();
    let end = data.length;
    while (end > 0 && (data[end - 1] === LF || data[end - 1] === CR)) end--;
    data = data.subarray(0, end);
    this.sink.emit(data, BAD_FRAME_HEADER_ERROR);
    this.resyncing = false;
  }
}
