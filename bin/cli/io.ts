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

/** NDJSON writer that respects backpressure, so memory stays flat however large the input. */
export class NdjsonWriter<T> {
  constructor(
    private readonly out: Writable,
    private readonly serialize: (item: T) => string = JSON.stringify,
  ) {}

  async write(items: readonly T[]): Promise<void> {
    if (items.length === 0) return;
    let text = '';
    for (const item of items) text += this.serialize(item) + '\n';
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
