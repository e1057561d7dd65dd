import { BoundedBytes, oversizeError, type EventSink } from './framed-event.js';
import { BROKEN_STRING, JsonNesting, NEW_ENTRY } from './json-nesting.js';

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;

const EMPTY = Buffer.alloc(0);

export const INCOMPLETE_JSON_ERROR = 'incomplete JSON value at end of input';
export const BROKEN_JSON_ERROR =
  'invalid JSON: line break inside a string; skipped to the next line starting a value';
export const UNCLOSED_JSON_ERROR =
  'invalid JSON: value still open where a line starts the next one with "{" (no deeper than its own first line); kept up to there';
/** Columns are counted up to this; deeper counts as this. */
const MAX_COLUMN = 256;

const enum Value {
  None,
  /** An object, array or string: ends at its closing byte. */
  Nested,
  /** A number/literal element of the top-level array: ends before `,`, `]` or whitespace. */
  Scalar,
  /** Text that is not JSON at the top level: ends at the end of its line. */
  Stray,
  /** A value broken by a line break inside a string: skipped to a line that starts a value. */
  Broken,
}

function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === LF || b === CR || b === 0x09;
}

function scalarEnd(buf: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === COMMA || b === CLOSE_BRACKET || isJsonSpace(b)) return i;
  }
  return -1;
}

/**
 * Frames a stream of JSON values: top-level objects (json-pretty, concatenated objects) become
 * one event each, and a top-level array yields each of its elements. One linear pass; values
 * are not validated here (the parser reports malformed ones).
 *
 * Damage stays within one event: a value broken by a raw line break in a string ends at the
 * next line starting a value, and a value left open (a missing `}`, an extra `{`) ends where a
 * line starts with `{` at or left of the column the value opened at, since pretty printers
 * indent nested content deeper. Both become error events with their bytes.
 */
export class JsonValueFramer {
  private inArray = false;
  private value = Value.None;
  private readonly nesting = new JsonNesting();
  /** max + 1 so a stray line of exactly `max` bytes plus CR is not taken for an oversized one. */
  private readonly acc: BoundedBytes;
  private cutEmitted = false;
  /** In a Broken value: at the start of a line (only blanks seen on it so far). */
  private brokenLineStart = false;
  /**
   * A known column in the current chunk: at index `columnFrom` the column is `columnThere`
   * (bytes since the last line break, up to MAX_COLUMN). Columns are found by scanning back to
   * it, and it moves forward, so finding them stays linear.
   */
  private columnFrom = 0;
  private columnThere = 0;

  constructor(
    private readonly max: number,
    private readonly sink: EventSink,
  ) {
    this.acc = new BoundedBytes(max + 1);
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    this.columnFrom = 0;
    let start = 0;
    let i = 0;
    while (i < n) {
      if (this.value === Value.None) {
        const b = chunk[i];
        i++;
        if (isJsonSpace(b)) continue;
        if (this.inArray && b === COMMA) continue;
        if (this.inArray && b === CLOSE_BRACKET) {
          this.inArray = false;
          continue;
        }
        if (!this.inArray && b === OPEN_BRACKET) {
          this.inArray = true;
          continue;
        }
        start = i - 1;
        if (b === OPEN_BRACE || (this.inArray && (b === OPEN_BRACKET || b === QUOTE))) {
          this.nesting.open(b, b === QUOTE ? -1 : this.columnAt(chunk, start));
          this.value = Value.Nested;
        } else {
          this.value = this.inArray ? Value.Scalar : Value.Stray;
        }
        continue;
      }
      if (this.value === Value.Broken) {
        const next = this.skipBroken(chunk, i);
        if (next === -1) break;
        this.finishMalformed(chunk.subarray(start, next), BROKEN_JSON_ERROR);
        i = next;
        continue;
      }
      let end: number;
      let resume: number;
      if (this.value === Value.Nested) {
        end = this.nesting.scan(chunk, i, n);
        resume = end;
        if (end === BROKEN_STRING) {
          this.value = Value.Broken;
          this.brokenLineStart = true;
          i = this.nesting.brokenAt + 1;
          continue;
        }
        if (end === NEW_ENTRY) {
          const at = this.nesting.entryAt;
          this.finishMalformed(chunk.subarray(start, at), UNCLOSED_JSON_ERROR);
          this.nesting.open(OPEN_BRACE, this.nesting.lineIndent);
          this.value = Value.Nested;
          start = at;
          i = at + 1;
          continue;
        }
      } else if (this.value === Value.Scalar) {
        end = scalarEnd(chunk, i, n);
        resume = end;
      } else {
        end = chunk.indexOf(LF, i);
        resume = end + 1;
      }
      if (end === -1) break;
      this.finish(chunk.subarray(start, end));
      i = resume;
    }
    if (this.value !== Value.None) this.carry(chunk.subarray(start));
    this.columnAt(chunk, n); // the column the next chunk starts at
  }

  /** Column of chunk[at] (at ≥ any index asked before in this chunk), counted up to MAX_COLUMN. */
  private columnAt(chunk: Buffer, at: number): number {
    let column = -1;
    for (let k = at - 1; k >= this.columnFrom; k--) {
      if (chunk[k] === LF) {
        column = at - k - 1;
        break;
      }
    }
    if (column === -1) column = this.columnThere + (at - this.columnFrom);
    this.columnFrom = at;
    this.columnThere = Math.min(MAX_COLUMN, column);
    return this.columnThere;
  }

  /** Bytes held between pushes. */
  get heldBytes(): number {
    return this.acc.length;
  }

  end(): void {
    if (this.value === Value.Broken) return this.finishMalformed(EMPTY, BROKEN_JSON_ERROR);
    if (this.value !== Value.None && !this.cutEmitted) {
      const data = this.acc.take();
      if (this.value === Value.Nested) this.sink.emitError(data, INCOMPLETE_JSON_ERROR, this.max);
      else this.emitBounded(this.value === Value.Stray ? stripCr(data) : data);
    }
    this.resetValue();
  }

  /** Keeps the unfinished value's bytes for the next chunk, up to the limit. */
  private carry(part: Buffer): void {
    if (this.cutEmitted) return;
    this.acc.append(part);
    if (this.acc.overflowed) {
      this.sink.emit(this.acc.take().subarray(0, this.max), oversizeError(this.max));
      this.cutEmitted = true;
    }
  }

  private finish(tail: Buffer): void {
    if (!this.cutEmitted) {
      let data = tail;
      let cut = false;
      if (this.acc.length > 0) {
        this.acc.append(tail);
        cut = this.acc.overflowed;
        data = this.acc.take();
      }
      if (cut) this.sink.emit(data.subarray(0, this.max), oversizeError(this.max));
      else this.emitBounded(this.value === Value.Stray ? stripCr(data) : data);
    }
    this.resetValue();
  }

  /**
   * Reports a value that ended without closing (`error` says how). One that outgrew the limit
   * is reported as cut, exactly as `carry` would have when a chunk ended inside it, so chunking
   * does not change the event.
   */
  private finishMalformed(tail: Buffer, error: string): void {
    if (!this.cutEmitted) {
      this.acc.append(tail);
      const cut = this.acc.overflowed;
      const data = this.acc.take();
      if (cut) this.sink.emit(data.subarray(0, this.max), oversizeError(this.max));
      else this.sink.emitError(trimLineBreaks(data), error, this.max);
    }
    this.resetValue();
  }

  /**
   * Skips a broken value's lines; returns the index of the byte that starts the next value (a
   * line's first non-blank `{`, or the array's `]`), or -1 when the chunk ends first.
   */
  private skipBroken(chunk: Buffer, i: number): number {
    const n = chunk.length;
    while (i < n) {
      if (!this.brokenLineStart) {
        const nl = chunk.indexOf(LF, i);
        if (nl === -1) return -1;
        this.brokenLineStart = true;
        i = nl + 1;
        continue;
      }
      const b = chunk[i];
      if (b === OPEN_BRACE || (this.inArray ? b === CLOSE_BRACKET : b === OPEN_BRACKET)) return i;
      if (b !== SPACE && b !== TAB && b !== CR && b !== LF) this.brokenLineStart = false;
      i++;
    }
    return -1;
  }

  private emitBounded(data: Buffer): void {
    if (data.length > 0) this.sink.emitBounded(data, this.max);
  }

  private resetValue(): void {
    this.value = Value.None;
    this.cutEmitted = false;
    this.acc.reset();
  }
}

function trimLineBreaks(data: Buffer): Buffer {
  let end = data.length;
  while (end > 0 && isJsonSpace(data[end - 1])) end--;
  return data.subarray(0, end);
}

function stripCr(data: Buffer): Buffer {
  return data.length > 0 && data[data.length - 1] === CR ? data.subarray(0, data.length - 1) : data;
}
