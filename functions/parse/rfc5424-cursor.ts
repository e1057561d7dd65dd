import { isAscii } from 'node:buffer';

/**
 * A read position over one RFC 5424 message, plus the first grammar error. Scanners return
 * `false` on failure after recording the error here, so the hot path never throws. Columns are
 * 0-based byte offsets into the input, as go-syslog reports them.
 *
 * The bytes are scanned through their Latin-1 image `text`: one char per byte, so string
 * offsets are byte offsets, header fields come out as cheap slices (one native call per
 * message instead of one per field), and any byte ≥ 0x80 simply fails the US-ASCII checks.
 */
export class Cursor {
  pos = 0;
  error: string | null = null;
  readonly text: string;
  /** True when every byte is < 0x80: then any slice of `text` is also the UTF-8 decoding. */
  readonly allAscii: boolean;

  constructor(readonly data: Buffer) {
    this.text = data.toString('latin1', 0, data.length);
    this.allAscii = isAscii(data);
  }

  /** The byte at `at` (default: the current position), or -1 past the end. */
  byteAt(at: number = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  /** Records "expecting <what>, found <byte> [col N]" and returns false. */
  expect(what: string, col: number = this.pos): false {
    this.error = `expecting ${what}, found ${describeByte(this.byteAt(col))} [col ${col}]`;
    return false;
  }

  /** Records a free-form error (e.g. a date that does not exist) at `col` and returns false. */
  reject(message: string, col: number): false {
    this.error = `${message} [col ${col}]`;
    return false;
  }

  /** Text of bytes [start, end) that the caller checked to be US-ASCII. */
  ascii(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

/** Names a byte the way a reader of the error wants to see it. */
function describeByte(b: number): string {
  if (b < 0) return 'end of input';
  if (b === 0x20) return 'a space';
  if (b > 0x20 && b < 0x7f) return `'${String.fromCharCode(b)}'`;
  return `byte 0x${b.toString(16).padStart(2, '0')}`;
}

export const SP = 0x20;

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** PRINTUSASCII = %d33-126. */
export function isPrintUsAscii(b: number): boolean {
  return b >= 0x21 && b <= 0x7e;
}
