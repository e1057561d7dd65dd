const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** `scan` result: a raw line break inside a string, which JSON forbids; `brokenAt` is its index. */
export const BROKEN_STRING = -2;
/**
 * `scan` result: a line starts with `{` no deeper than the value's own opening line (see
 * `entryIndent`) while the value is still open; `entryAt` is the index of that `{`.
 */
export const NEW_ENTRY = -3;

/**
 * Tracks where a JSON value ends without parsing it: string and escape state plus bracket
 * depth, one linear pass, resumable across chunks. It does not validate; the parser does.
 */
export class JsonNesting {
  depth = 0;
  inString = false;
  /** Index of the line break when `scan` returned BROKEN_STRING. */
  brokenAt = -1;
  /** Index of the `{` when `scan` returned NEW_ENTRY. */
  entryAt = -1;
  /**
   * Indentation of the open value's first line; a line starting with `{` at this indentation
   * or less is taken as the next entry (pretty printers indent what is nested deeper). -1: off.
   */
  entryIndent = -1;
  /** Blanks since the last line break outside strings, or -1 once something else came. */
  lineIndent = -1;
  private escaped = false;
  private readonly backslashes = new NextByte(BACKSLASH);
  private readonly lineBreaks = new NextByte(LF);

  /** Starts tracking just after a value's opening byte (`{`, `[` or `"`). */
  open(openingByte: number, indent = -1): void {
    this.inString = openingByte === QUOTE;
    this.depth = this.inString ? 0 : 1;
    this.escaped = false;
    this.entryIndent = indent;
    this.lineIndent = -1;
  }

  /**
   * Scans buf[from, to); returns the index just past the byte that closes the value, -1 when
   * it is still open, or BROKEN_STRING.
   */
  scan(buf: Buffer, from: number, to: number): number {
    let i = from;
    while (i < to) {
      if (this.inString) {
        if (this.escaped) {
          if (buf[i] === LF) {
            this.brokenAt = i;
            return BROKEN_STRING;
          }
          this.escaped = false;
          i++;
          continue;
        }
        // Jump over string content: most of a journald entry's bytes are inside strings.
        let quote = buf.indexOf(QUOTE, i);
        if (quote === -1 || quote > to) quote = to;
        const backslash = this.backslashes.find(buf, i);
        const lineBreak = this.lineBreaks.find(buf, i);
        if (lineBreak !== -1 && lineBreak < quote && (backslash === -1 || lineBreak < backslash)) {
          this.brokenAt = lineBreak;
          return BROKEN_STRING;
        }
        if (backslash !== -1 && backslash < quote) {
          this.escaped = true;
          i = backslash + 1;
          continue;
        }
        if (quote === to) return -1;
        this.inString = false;
        i = quote + 1;
        if (this.depth === 0) return i;
        continue;
      }
      const b = buf[i++];
      if (b === LF) {
        this.lineIndent = 0;
        continue;
      }
      if (b === SPACE || b === TAB || b === CR) {
        if (this.lineIndent >= 0) this.lineIndent++;
        continue;
      }
      if (b === OPEN_BRACE && this.lineIndent >= 0 && this.lineIndent <= this.entryIndent) {
        this.entryAt = i - 1;
        return NEW_ENTRY;
      }
      this.lineIndent = -1;
      if (b === QUOTE) this.inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
      else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --this.depth === 0) return i;
    }
    return -1;
  }
}

/** Finds the next occurrence of one byte, remembering it so repeated searches stay linear. */
class NextByte {
  private buf: Buffer | null = null;
  private from = 0;
  private at = -1;

  constructor(private readonly byte: number) {}

  find(buf: Buffer, i: number): number {
    if (buf !== this.buf || i < this.from || (this.at !== -1 && this.at < i)) {
      this.buf = buf;
      this.from = i;
      this.at = buf.indexOf(this.byte, i);
    }
    return this.at;
  }
}
