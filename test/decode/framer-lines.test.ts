import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer } from '../../functions/decode/framer.js';
import { frameInPieces, framerOptions, summary, texts } from './helpers.js';

const opts = framerOptions({ format: 'rfc3164' });

describe('line framing', () => {
  it('splits on LF, strips a trailing CR, skips empty lines, keeps the last unterminated line', () => {
    const events = frameBuffer(Buffer.from('<13>a\r\n\n\r\n<14>b\n  \nc'), opts);
    expect(texts(events)).toEqual(['<13>a', '<14>b', '  ', 'c']);
    expect(events.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(events.every((e) => e.error === undefined)).toBe(true);
  });

  it('strips only one trailing CR and keeps CRs inside a line', () => {
    expect(texts(frameBuffer(Buffer.from('a\rb\r\r\n'), opts))).toEqual(['a\rb\r']);
  });

  it('keeps arbitrary bytes (invalid UTF-8, NUL) untouched', () => {
    const line = Buffer.from([0x3c, 0x31, 0x3e, 0xff, 0x00, 0xc3, 0x28]);
    const [ev] = frameBuffer(Buffer.concat([line, Buffer.from('\n')]), opts);
    expect(ev.data.equals(line)).toBe(true);
  });

  it('cuts a line longer than maxEventBytes to its first N bytes and resumes at the next line', () => {
    const events = frameBuffer(Buffer.from('0123456789abc\nshort\n'), { ...opts, maxEventBytes: 8 });
    expect(summary(events)).toEqual([
      { data: '01234567', index: 0, error: 'event exceeds 8 bytes; cut' },
      { data: 'short', index: 1 },
    ]);
  });

  it('a line of exactly N bytes is not cut, with or without CR', () => {
    const events = frameBuffer(Buffer.from('12345678\r\n87654321\n123456789\r\n'), { ...opts, maxEventBytes: 8 });
    expect(summary(events)).toEqual([
      { data: '12345678', index: 0 },
      { data: '87654321', index: 1 },
      { data: '12345678', index: 2, error: 'event exceeds 8 bytes; cut' },
    ]);
  });

  it('does not buffer the rest of an oversized line (pieces of a 5 MB line)', () => {
    const framer = frameInPieces(Buffer.alloc(5_000_000, 0x61), [1_000_000, 2_000_000, 3_000_000], { ...opts, maxEventBytes: 1000 });
    expect(framer).toHaveLength(1);
    expect(framer[0].data.length).toBe(1000);
    expect(framer[0].error).toBe('event exceeds 1000 bytes; cut');
  });

  it('NDJSON stays line-framed: a broken line does not swallow the next ones', () => {
    const ndjson = '{"MESSAGE":"one","PRIORITY":"6"}\n{"MESSAGE":"broken\n{"MESSAGE":"three"}\n';
    expect(texts(frameBuffer(Buffer.from(ndjson), framerOptions()))).toEqual([
      '{"MESSAGE":"one","PRIORITY":"6"}',
      '{"MESSAGE":"broken',
      '{"MESSAGE":"three"}',
    ]);
  });

  it('lines starting with [ that are not a JSON array stay lines (dmesg, [INFO])', () => {
    const dmesg = '[    0.000000] Linux version 6.1.0\n[    0.000001] Command line: ro\n';
    expect(frameBuffer(Buffer.from(dmesg), framerOptions())).toHaveLength(2);
    expect(frameBuffer(Buffer.from('[INFO] a\n[WARN] b\n'), framerOptions({ format: 'journald' }))).toHaveLength(2);
  });

  it('chunk boundaries anywhere give the same events (fast-check)', () => {
    const line = fc.oneof(
      fc.constantFrom('', '\r', 'x\r', '<34>Oct 11 22:14:15 mymachine su: hi', '0123456789abcdefghij'),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 25 }),
        (lines, trailingNl, rawCuts, max) => {
          const buf = Buffer.from(lines.join('\n') + (trailingNl ? '\n' : ''));
          const cuts = [...new Set(rawCuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
          const o = { ...opts, maxEventBytes: max };
          expect(summary(frameInPieces(buf, cuts, o))).toEqual(summary(frameBuffer(buf, o)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('byte-at-a-time feeding gives the same events as one buffer', () => {
    const buf = Buffer.from('a\r\nbb\n\nccc\r\r\ndddddddddddd\ne');
    const cuts = Array.from({ length: buf.length - 1 }, (_, i) => i + 1);
    const o = { ...opts, maxEventBytes: 5 };
    expect(summary(frameInPieces(buf, cuts, o))).toEqual(summary(frameBuffer(buf, o)));
  });
});
