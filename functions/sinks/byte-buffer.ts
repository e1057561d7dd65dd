/**
 * A growable byte buffer for Parquet pages: little-endian integers, varints, length-prefixed
 * UTF-8 strings written straight into the buffer (no intermediate Uint8Array per string).
 */
export class ByteBuffer {
  buf: Buffer;
  length = 0;

  constructor(size = 4096) {
    this.buf = Buffer.allocUnsafe(size);
  }

  reset(): void {
    this.length = 0;
  }

  ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    put32(this.buf, this.length, v);
    this.length += 4;
  }

  i32(v: number): void {
    if ((v | 0) !== v) throw new RangeError(`not a 32-bit integer: ${v}`);
    this.ensure(4);
    put32(this.buf, this.length, v);
    this.length += 4;
  }

  /** A signed 64-bit integer given as a safe JavaScript integer (µs timestamps fit): no BigInt. */
  i64(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / 4294967296);
    put32(this.buf, this.length, v - hi * 4294967296);
    put32(this.buf, this.length + 4, hi);
    this.length += 8;
  }

  varint(v: number): void {
    this.ensure(5);
    while (v > 0x7f) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.length++] = v;
  }

  /** PLAIN BYTE_ARRAY: 4-byte length, then the UTF-8 bytes. */
  string(s: string): void {
    this.ensure(4 + s.length * 3);
    const n = this.buf.utf8Write(s, this.length + 4);
    put32(this.buf, this.length, n);
    this.length += 4 + n;
  }

  /** PLAIN BYTE_ARRAY of bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(4 + b.length);
    put32(this.buf, this.length, b.length);
    this.buf.set(b, this.length + 4);
    this.length += 4 + b.length;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * The low 32 bits of an integer, little-endian (two's complement for negatives): what
 * writeUInt32LE / writeInt32LE store, without their range checks, which cost ~30 ms a batch
 * (a length prefix per string value). Callers give integers in range.
 */
function put32(buf: Buffer, at: number, v: number): void {
  buf[at] = v;
  buf[at + 1] = v >>> 8;
  buf[at + 2] = v >>> 16;
  buf[at + 3] = v >>> 24;
}

declare global {
  interface Buffer {
    /** Node's own fast path behind `buf.write(s, offset, 'utf8')`: bytes written. */
    utf8Write(s: string, offset?: number, length?: number): number;
  }
}

/**
 * The RLE / bit-packed hybrid encoding (Parquet Encodings.md) of `values[start, end)` at
 * `bitWidth`: runs of 8 or more equal values as RLE runs, the rest bit-packed in groups of 8
 * (the last group padded with zeros, which readers ignore past the page's value count).
 */
export function writeHybrid(out: ByteBuffer, values: ArrayLike<number>, start: number, end: number, bitWidth: number): void {
  let i = start;
  let packedStart = -1;
  let groups = 0;
  while (i < end) {
    const v = values[i];
    let run = 1;
    while (i + run < end && values[i + run] === v) run++;
    if (run >= 8) {
      if (groups > 0) {
        writePacked(out, values, packedStart, end, groups, bitWidth);
        groups = 0;
      }
      out.varint(run << 1);
      for (let b = 0; b < bitWidth; b += 8) out.u8((v >>> b) & 0xff);
      i += run;
    } else {
      if (groups === 0) packedStart = i;
      groups++;
      i += 8;
    }
  }
  if (groups > 0) writePacked(out, values, packedStart, end, groups, bitWidth);
}

function writePacked(out: ByteBuffer, values: ArrayLike<number>, start: number, end: number, groups: number, bitWidth: number): void {
  out.varint((groups << 1) | 1);
  if (bitWidth === 0) return;
  out.ensure(groups * bitWidth);
  const buf = out.buf;
  let pos = out.length;
  let acc = 0;
  let bits = 0;
  const last = start + groups * 8;
  for (let i = start; i < last; i++) {
    const v = i < end ? values[i] : 0;
    acc |= v << bits;
    bits += bitWidth;
    while (bits >= 8) {
      buf[pos++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  out.length = pos;
}
