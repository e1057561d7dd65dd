import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NdjsonWriter } from '../../bin/cli/io.js';

function collect(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('NdjsonWriter', () => {
  it('writes one UTF-8 line per item, whatever the lines hold and however their sizes change', async () => {
    const { out, text } = collect();
    const writer = new NdjsonWriter<string>(out, (s) => JSON.stringify({ s }));
    const batches = [
      ['a', 'b'], // sets a small bytes-per-line estimate
      ['x'.repeat(100_000), 'é€😀'.repeat(5000), ''], // far past it, multi-byte characters
      ['\u0000"\\', '\ud800 lone surrogate'],
    ];
    for (const b of batches) await writer.write(b);
    const expected = batches.flat().map((s) => JSON.stringify({ s }) + '\n').join('');
    expect(text()).toBe(expected);
  });

  it('writes nothing for an empty batch', async () => {
    const { out, text } = collect();
    await new NdjsonWriter<string>(out).write([]);
    expect(text()).toBe('');
  });
});
