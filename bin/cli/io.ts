import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

export class InputError extends Error {}

/**
 * Fails before any output when an input cannot be read, so errors are not half-way through:
 * every input must exist, be readable, and not be a directory (which opens fine and then fails
 * on the first read). Pipes and devices (`/dev/stdin`, `<(cmd)`) are not opened here: opening a
 * FIFO would block until its writer appears.
 */
export async function checkReadable(inputs: string[]): Promise<void> {
  for (const input of inputs) {
    if (input === '-') continue;
    try {
      await access(input, constants.R_OK);
      if ((await stat(input)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    } catch (err) {
      throw new InputError(`cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}

/** The bytes of one input, in chunks; '-' is `stdin`. */
export function chunksOf(input: string, stdin: Readable): AsyncIterable<Buffer> {
  const stream = input === '-' ? stdin : createReadStream(input, { highWaterMark: 256 * 1024 });
  return wrapErrors(stream as AsyncIterable<Buffer>, input);
}

async function* wrapErrors(stream: AsyncIterable<Buffer>, input: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (err) {
    throw new InputError(`error reading ${input === '-' ? 'stdin' : input}: ${(err as Error).message}`);
  }
}

/**
 * NDJSON writer that respects backpressure, so memory stays flat however large the input.
 * Each line is encoded straight into a byte buffer that goes to the stream as is: joining a
 * batch into one string first made one long rope of every record's pieces, kept alive (and
 * copied by every young-generation GC) until the stream flattened and encoded it.
 */
export class NdjsonWriter<T> {
  /** Bytes per line in the last batch, to size the next batch's buffer in one go. */
  private bytesPerLine = 256;

  constructor(
    private readonly out: Writable,
    private readonly serialize: (item: T) => string = JSON.stringify,
  ) {}

  async write(items: readonly T[]): Promise<void> {
    if (items.length === 0) return;
    let buf: Buffer = Buffer.allocUnsafe(Math.ceil(items.length * this.bytesPerLine * 1.25));
    let used = 0;
    for (const item of items) {
      const line = this.serialize(item);
      // UTF-8 needs at most 3 bytes per UTF-16 code unit; grow only when that might not fit.
      const room = line.length * 3 + 1;
      if (buf.length - used < room) buf = grown(buf, used, room);
      used += buf.write(line, used);
      buf[used++] = 0x0a;
    }
    this.bytesPerLine = Math.ceil(used / items.length);
    if (!this.out.write(buf.subarray(0, used))) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}

function grown(buf: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(2 * buf.length, used + need));
  buf.copy(next, 0, 0, used);
  return next;
}
