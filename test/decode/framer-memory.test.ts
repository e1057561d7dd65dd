/**
 * Issue 10 §2/§4: while resynchronising, no framer holds more than about max_event_bytes plus
 * one chunk, whatever the input. Each adversarial stream is pushed in 64 KiB chunks and the
 * bytes each framer holds between pushes are checked after every push.
 */
import { describe, expect, it } from 'vitest';
import { EventSink, type FramedEvent } from '../../functions/decode/framed-event.js';
import { JournalExportSplitter } from '../../functions/decode/journal-export-splitter.js';
import { JsonValueFramer } from '../../functions/decode/json-value-framer.js';
import { LineFramer } from '../../functions/decode/line-framer.js';
import { OctetCountedFramer } from '../../functions/decode/octet-counted-framer.js';
import { summary } from './helpers.js';

const MAX = 256 * 1024;
const CHUNK = 64 * 1024;

interface Held {
  push(chunk: Buffer): unknown;
  end(): unknown;
  readonly heldBytes: number;
}

/** Pushes `stream` in chunks; returns the most bytes held after any push, and the events. */
function feed(framer: Held, sink: EventSink | null, stream: Generator<Buffer>): { peak: number; events: FramedEvent[] } {
  let peak = 0;
  const events: FramedEvent[] = [];
  for (const chunk of stream) {
    framer.push(chunk);
    peak = Math.max(peak, framer.heldBytes);
    if (sink) events.push(...sink.take());
  }
  framer.end();
  if (sink) events.push(...sink.take());
  return { peak, events };
}

function* chunks(parts: (Buffer | [Buffer, number])[]): Generator<Buffer> {
  if (parts.length === 1 && Buffer.isBuffer(parts[0])) {
    for (let i = 0; i < parts[0].length; i += CHUNK) yield parts[0].subarray(i, i + CHUNK);
    return;
  }
  // [pattern, total]: `pattern` repeated to `total` bytes, generated chunk by chunk.
  let pending = Buffer.alloc(0);
  for (const part of parts) {
    const [pattern, total] = Buffer.isBuffer(part) ? [part, part.length] : part;
    for (let made = 0; made < total; ) {
      const n = Math.min(CHUNK, total - made);
      const piece = Buffer.alloc(n);
      for (let k = 0; k < n; k++) piece[k] = pattern[(made + k) % pattern.length];
      made += n;
      pending = Buffer.concat([pending, piece]);
      while (pending.length >= CHUNK) {
        yield pending.subarray(0, CHUNK);
        pending = pending.subarray(CHUNK);
      }
    }
  }
  if (pending.length > 0) yield pending;
}

const MB = 1024 * 1024;

describe('framers hold at most about max_event_bytes plus one chunk', () => {
  it('octet counting: candidate frames that each claim nearly the limit, then garbage, then a frame', () => {
    const sink = new EventSink();
    // Each claim ends among the x's of a later copy of the pattern, so none is consistent.
    const claim = Buffer.from(`${MAX - 100} <${'x'.repeat(200)}`);
    expect((MAX - 100 + 7) % claim.length).toBeGreaterThan(8);
    const input = Buffer.concat([...chunks([Buffer.from('x'), [claim, 4 * MB], [Buffer.from('garbage '), 4 * MB], Buffer.from('5 <13>a')])]);
    const { peak, events } = feed(new OctetCountedFramer(MAX, sink), sink, chunks([input]));
    expect(peak).toBeLessThanOrEqual(MAX + CHUNK + 100);
    // With skipped bytes held, each claim is checked as a frame of its own: the claims and the
    // garbage become error events, each the next slice of the input (its start kept, all of it
    // counted), and the last frame comes out.
    let at = 0;
    for (const e of events.slice(0, -1)) {
      expect(e.data.length).toBeLessThanOrEqual(MAX);
      expect(e.data.equals(input.subarray(at, at + e.data.length))).toBe(true);
      at += Number(/; (\d+) bytes skipped to the next frame start/.exec(e.error ?? '')?.[1]);
    }
    expect(at).toBe(input.length - '5 <13>a'.length);
    expect(summary(events.slice(-1))).toEqual([{ data: '<13>a', index: events.length - 1 }]);
  });

  it('octet counting: a frame far over the limit', () => {
    const sink = new EventSink();
    const { peak, events } = feed(new OctetCountedFramer(MAX, sink), sink, chunks([Buffer.from(`${8 * MB} <13>`), [Buffer.from('y'), 8 * MB - 4], Buffer.from('5 <13>a')]));
    expect(peak).toBeLessThanOrEqual(MAX + CHUNK + 100);
    expect(events.map((e) => e.data.length)).toEqual([MAX, 5]);
  });

  it('pretty JSON: a value never closed, with no line structure after it', () => {
    const sink = new EventSink();
    const { peak, events } = feed(new JsonValueFramer(MAX, sink), sink, chunks([Buffer.from('{\n "MESSAGE": ['), [Buffer.from('{"a":1},'), 8 * MB]]));
    expect(peak).toBeLessThanOrEqual(MAX + 1);
    expect(events).toHaveLength(1);
    expect(events[0].data.length).toBe(MAX);
  });

  it('journal export: a 700 MiB binary length followed by 6 MiB of data, then an entry', () => {
    const splitter = new JournalExportSplitter(MAX);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(700n * 1024n * 1024n);
    const blocks: { data: Buffer; error?: string }[] = [];
    const framer: Held = {
      push: (c: Buffer) => blocks.push(...splitter.push(c)),
      end: () => blocks.push(...splitter.end()),
      get heldBytes() {
        return splitter.heldBytes;
      },
    };
    const { peak } = feed(framer, null, chunks([Buffer.from('__CURSOR=a\nBLOB\n'), len, [Buffer.from('zz\n'), 6 * MB], Buffer.from('\n__CURSOR=b\nMESSAGE=ok\n\n')]));
    expect(peak).toBeLessThanOrEqual(MAX);
    expect(blocks.map((b) => [b.data.length, b.error !== undefined])).toEqual([
      [MAX, true],
      ['__CURSOR=b\nMESSAGE=ok\n'.length, false],
    ]);
  });

  it('lines: one 8 MiB line', () => {
    const sink = new EventSink();
    const { peak, events } = feed(new LineFramer(MAX, sink), sink, chunks([[Buffer.from('a'), 8 * MB], Buffer.from('\nnext\n')]));
    expect(peak).toBeLessThanOrEqual(MAX + 1);
    expect(events.map((e) => e.data.length)).toEqual([MAX, 4]);
  });
});
