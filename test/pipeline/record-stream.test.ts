import { describe, expect, it } from 'vitest';
import { RECORD_BATCH, recordStream } from '../../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';

async function* once(chunk: Buffer): AsyncGenerator<Buffer> {
  yield chunk;
}

describe('recordStream', () => {
  it('hands a large chunk on in bounded batches, every event once and in order', async () => {
    const n = 1000;
    const text = Array.from({ length: n }, (_, i) => `<13>1 2026-11-26T01:00:00Z h app - - - line ${i}`).join('\n');
    const opts = { source: 'x.log', format: 'auto' as const, framing: 'lines' as const, receivedTime: new Date('2026-11-26T02:00:00Z'), config: DEFAULT_CONFIG };
    const sizes: number[] = [];
    const messages: string[] = [];
    for await (const batch of recordStream(once(Buffer.from(text)), opts)) {
      sizes.push(batch.length);
      for (const r of batch) messages.push(r.message);
    }
    expect(messages).toEqual(Array.from({ length: n }, (_, i) => `line ${i}`));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(RECORD_BATCH);
  });
});
