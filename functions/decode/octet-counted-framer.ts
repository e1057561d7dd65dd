import { BoundedBytes, type EventSink } from './framed-event.js';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const LT = 0x3c;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;
/** MSG-LEN digits accepted; more than this is not a length any sender means. */
const MAX_LENGTH_DIGITS = 10;
/** Blank bytes after a frame looked through for the next header; a longer blank run is taken as a separator. */
const MAX_GAP = 64;
const EMPTY = Buffer.alloc(0);

export const ZERO_LENGTH_ERROR = 'octet counting: zero-length frame ("0 "), an empty event';
export const TRUNCATED_HEADER_ERROR = 'octet counting: length prefix cut by the end of input';

const enum Header {
  Ok,
  Zero,
  Bad,
  More,
}

const enum Check {
  Yes,
  No,
  More,
  /** A candidate too big to check while the skipped bytes are held. */
  Yield,
}

function isBlank(b: number): boolean {
  return b === LF || b === CR || b === SP || b === TAB;
}

function isDigit(b: number): boolean {
  return b >= ZERO && b <= NINE;
}

/**
 * RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, MSG-LEN a nonzero decimal without
 * leading zero; the message may hold newlines and any bytes. Blank bytes between frames are
 * tolerated (senders often end frames with LF).
 *
 * A frame is taken only when its length is consistent with the data: where it ends comes the
 * end of input or (after at most MAX_GAP blanks) another length prefix. After a bad length
 * (not digits, leading zero, no SP, too many digits, over the event limit, or inconsistent)
 * the framer resynchronises at the next position where `<digits> SP <` starts a frame that is
 * itself consistent, wherever it is (senders rarely put newlines between frames); the skipped
 * bytes become one error event. `0 ` is one empty error event and framing goes on after it.
 *
 * Undecided bytes are held until they can be judged: at most one frame (≤ max) and the few
 * bytes after it (blank gap and length prefix), plus the chunk being framed. While resyncing,
 * the skipped bytes kept and a candidate being checked never pass `max` together: a candidate
 * that would ends the skipped bytes' error event, and is then checked as an ordinary frame.
 */
export class OctetCountedFramer {
  /** Bytes not yet framed, in arrival order. */
  private parts: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes needed from the start of the pending bytes before framing can go on. */
  private need = 0;
  /** Set by readHeader / frameAt. */
  private frameLength = 0;
  private bodyStart = 0;
  private badReason = '';

  private resyncing = false;
  /** Why the resync started; goes into the skipped bytes' error. */
  private resyncReason = '';
  /** While resyncing: where, in the bytes being framed, skipped bytes not yet kept start, and the next candidate. */
  private skipFrom = 0;
  private scanFrom = 0;
  private readonly skipped: BoundedBytes;
  private skippedCount = 0;

  constructor(
    private readonly max: number,
    private readonly sink: EventSink,
  ) {
    this.skipped = new BoundedBytes(max);
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let data = chunk;
    if (this.pendingLength > 0) {
      this.parts.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < this.need) return;
      data = Buffer.concat(this.parts, this.pendingLength);
    }
    this.keep(data, this.frame(data, false));
  }

  /** Bytes held between pushes (undecided bytes and kept skipped bytes). */
  get heldBytes(): number {
    return this.pendingLength + this.skipped.length;
  }

  end(): void {
    const data = this.pendingLength > 0 ? Buffer.concat(this.parts, this.pendingLength) : EMPTY;
    this.frame(data, true);
    this.keep(EMPTY, 0);
    this.resyncing = false;
  }

  private keep(data: Buffer, from: number): void {
    const rest = data.subarray(from);
    this.parts = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
  }

  /** Frames what can be decided in `d`; returns the index of the first byte left undecided. */
  private frame(d: Buffer, final: boolean): number {
    const n = d.length;
    let i = 0;
    for (;;) {
      if (this.resyncing) {
        const found = this.resync(d, final);
        if (found < 0) return -found - 1;
        i = found;
      }
      while (i < n && isBlank(d[i])) i++;
      if (i === n) return n;
      const header = this.readHeader(d, i, n);
      if (header === Header.More) {
        if (final) {
          this.sink.emit(d.subarray(i, n), TRUNCATED_HEADER_ERROR);
          return n;
        }
        this.need = n - i + 1;
        return i;
      }
      if (header === Header.Zero) {
        this.sink.emit(EMPTY, ZERO_LENGTH_ERROR);
        i = this.bodyStart;
        continue;
      }
      if (header === Header.Bad) {
        this.startResync(i, this.badReason);
        continue;
      }
      const length = this.frameLength;
      if (length > this.max) {
        this.startResync(i, `length ${length} exceeds max_event_bytes (${this.max})`);
        continue;
      }
      const end = this.bodyStart + length;
      if (end > n) {
        if (!final) {
          this.need = end - i + 1;
          return i;
        }
        this.startResync(i, `length ${length} runs past the end of input (${n - this.bodyStart} bytes follow)`);
        continue;
      }
      const check = this.endsCleanly(d, end, n, final);
      if (check === Check.More) {
        this.need = n - i + 1;
        return i;
      }
      if (check === Check.No) {
        this.startResync(i, `length ${length} does not end where another frame or the input ends`);
        continue;
      }
      this.sink.emit(d.subarray(this.bodyStart, end));
      i = end;
    }
  }

  private startResync(at: number, reason: string): void {
    this.resyncing = true;
    this.resyncReason = reason;
    this.skipFrom = at;
    this.scanFrom = at + 1;
  }

  /**
   * Looks for the next consistent frame start. Returns its index, or -(k + 1) when framing must
   * wait for more bytes from index k (or, at end of input, has consumed everything).
   */
  private resync(d: Buffer, final: boolean): number {
    const n = d.length;
    let p = this.scanFrom;
    for (; p < n; p++) {
      if (d[p] < ONE || d[p] > NINE) continue;
      const check = this.frameAt(d, p, n, final);
      if (check === Check.Yes || check === Check.Yield) {
        this.skip(d, p);
        this.emitSkipped('to the next frame start');
        this.resyncing = false;
        return p;
      }
      if (check === Check.More) break;
    }
    if (p >= n && final) {
      this.skip(d, n);
      this.emitSkipped('to the end of input');
      this.resyncing = false;
      return -n - 1;
    }
    // Keep the skipped bytes before p; p (an undecided candidate) and what follows stay pending.
    this.skip(d, p);
    this.skipFrom = 0;
    this.scanFrom = 0;
    if (p >= n) this.need = 1;
    return -p - 1;
  }

  /** Moves d[skipFrom, to) into the skipped bytes. */
  private skip(d: Buffer, to: number): void {
    if (to <= this.skipFrom) return;
    this.skipped.append(d.subarray(this.skipFrom, to));
    this.skippedCount += to - this.skipFrom;
    this.skipFrom = to;
  }

  private emitSkipped(where: string): void {
    const cut = this.skipped.overflowed;
    let data = this.skipped.take();
    let count = this.skippedCount;
    this.skippedCount = 0;
    if (!cut) {
      let end = data.length;
      while (end > 0 && isBlank(data[end - 1])) end--;
      count -= data.length - end;
      data = data.subarray(0, end);
    }
    this.sink.emitError(data, `octet counting: ${this.resyncReason}; ${count} bytes skipped ${where}`, this.max, cut);
  }

  /** Reads `MSG-LEN SP` at d[i] (a non-blank byte). */
  private readHeader(d: Buffer, i: number, n: number): Header {
    const first = d[i];
    if (first === ZERO) {
      if (i + 1 === n) return Header.More;
      if (d[i + 1] === SP) {
        this.bodyStart = i + 2;
        return Header.Zero;
      }
      this.badReason = isDigit(d[i + 1]) ? 'length with a leading zero' : 'no length at the frame start';
      return Header.Bad;
    }
    if (!isDigit(first)) {
      this.badReason = 'no length at the frame start';
      return Header.Bad;
    }
    let length = 0;
    for (let k = i; k < n; k++) {
      const b = d[k];
      if (b === SP) {
        this.frameLength = length;
        this.bodyStart = k + 1;
        return Header.Ok;
      }
      if (!isDigit(b)) {
        this.badReason = 'no space after the length';
        return Header.Bad;
      }
      if (k - i === MAX_LENGTH_DIGITS) {
        this.badReason = `length of more than ${MAX_LENGTH_DIGITS} digits`;
        return Header.Bad;
      }
      length = length * 10 + (b - ZERO);
    }
    return Header.More;
  }

  /** Whether a consistent frame `<digits> SP <…` starts at d[p] (a nonzero digit). */
  private frameAt(d: Buffer, p: number, n: number, final: boolean): Check {
    let length = 0;
    let k = p;
    for (; k < n && k - p < MAX_LENGTH_DIGITS && isDigit(d[k]); k++) length = length * 10 + (d[k] - ZERO);
    if (k + 1 >= n) return this.wait(final, n - p + 1);
    if (d[k] !== SP || d[k + 1] !== LT || length > this.max) return Check.No;
    const end = k + 1 + length;
    // Holding the skipped bytes and this candidate together would pass the limit: end the
    // skipped bytes here and check the candidate as an ordinary frame (decided from the bytes,
    // not from where chunks break).
    if (this.skippedCount + (p - this.skipFrom) + (end - p) > this.max) return Check.Yield;
    if (end > n) return this.wait(final, end - p + 1);
    const check = this.endsCleanly(d, end, n, final);
    if (check === Check.More) return this.wait(final, n - p + 1);
    return check;
  }

  private wait(final: boolean, need: number): Check {
    if (final) return Check.No;
    this.need = need;
    return Check.More;
  }

  /**
   * Whether a frame may end at d[j]: the end of input or, after at most MAX_GAP blanks, a
   * length prefix (`0 ` included, and one cut by the end of input). A longer blank run is a
   * separator, not garbage.
   */
  private endsCleanly(d: Buffer, j: number, n: number, final: boolean): Check {
    let k = j;
    while (k < n && isBlank(d[k])) {
      k++;
      if (k - j > MAX_GAP) return Check.Yes;
    }
    if (k === n) return final ? Check.Yes : Check.More;
    const first = d[k];
    if (!isDigit(first)) return Check.No;
    const last = first === ZERO ? k + 1 : k + MAX_LENGTH_DIGITS;
    for (let m = k + 1; m <= last; m++) {
      if (m === n) return final ? Check.Yes : Check.More;
      if (d[m] === SP) return Check.Yes;
      if (!isDigit(d[m]) || first === ZERO) return Check.No;
    }
    return Check.No;
  }
}
