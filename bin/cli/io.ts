import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

export class InputError extends Error {}

/** Fails before any output when an input cannot be opened, so errors are not half-way through. */
export async function checkReadable(inputs: string[]): Promise<void> {
  for (const input of inputs) {
    if (input === '-') continue;
    try {
      await access(input, constants.R_OK);
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
