import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer } from '../../functions/decode/framer.js';
import { BAD_FRAME_HEADER_ERROR } from '../../functions/decode/octet-counted-framer.js';
import { frameInPieces, framerOptions, summary } from './helpers.js';

const octet = framerOptions({ framing: 'octet-counted' });

function frame(msg: string | Buffer): Buffer {
  const body = typeof msg === 'string' ? Buffer.from(msg) : msg;
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}

describe('octet-counted framing (RFC 6587 3.4.1)', () => {
  it('frames messages holding newlines and arbitrary bytes exactly by their length', () => {
    const m1 = '<34>1 2003-10-11T22:14:15.003Z host su - ID47 - line one\nline two\n\nline four';
    const m2 = Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0x00, 0xff, 0x0a, 0x20, 0x39]);
    const events = frameBuffer(Buffer.concat([frame(m1), frame(m2), frame('<13>x')]), octet);
    expect(events.map((e) => e.data)).toEqual([Buffer.from(m1), m2, Buffer.from('<13>x')]);
    expect(events.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(events.every((e) => e.error === undefined)).toBe(true);
  });

  it('tolerates line breaks and spaces between frames', () => {
    const buf = Buffer.concat([frame('<13>a'), Buffer.from('\r\n'), frame('<13>b'), Buffer.from('\n \n')]);
    expect(frameBuffer(buf, octet).map((e) => e.data.toString())).toEqual(['<13>a', '<13>b']);
  });

  it('a bad length prefix becomes one error event and framing resumes at the next "<digits> <" line', () => {
    const buf = Buffer.from('12 <13>hello world\ngarbage here\n05 <13>zero\n7 <13>ok7\n');
    const events = summary(frameBuffer(buf, octet));
    expect(events).toEqual([
      { data: '<13>hello wo', index: 0 },
      { data: 'rld\ngarbage here\n05 <13>zero', index: 1, error: BAD_FRAME_HEADER_ERROR },
      { data: '<13>ok7', index: 2 },
    ]);
  });

  it('rejects a zero length and a leading zero, and a line starting with digits but no "<"', () => {
    const events = summary(frameBuffer(Buffer.from('0 <13>a\n10 not syslog\n5 <13>b'), octet));
    expect(events).toEqual([
      { data: '0 <13>a\n10 not syslog', index: 0, error: BAD_FRAME_HEADER_ERROR },
      { data: '<13>b', index: 1 },
    ]);
  });

  it('a frame cut short by the end of input is an error event with the bytes received', () => {
    expect(summary(frameBuffer(Buffer.from('20 <13>short'), octet))).toEqual([
      { data: '<13>short', index: 0, error: 'truncated octet-counted frame: expected 20 bytes, got 9' },
    ]);
    expect(summary(frameBuffer(Buffer.from('123'), octet))).toEqual([
      { data: '123', index: 0, error: 'truncated octet-counting length prefix at end of input' },
    ]);
  });

  it('cuts an oversized message to N bytes and skips the rest without losing the next frame', () => {
    const buf = Buffer.concat([frame('<13>' + 'x'.repeat(100)), frame('<13>next')]);
    expect(summary(frameBuffer(buf, { ...octet, maxEventBytes: 10 }))).toEqual([
      { data: '<13>xxxxxx', index: 0, error: 'event exceeds 10 bytes; cut' },
      { data: '<13>next', index: 1 },
    ]);
  });

  it('chunk boundaries anywhere give the same events (fast-check)', () => {
    const msg = fc.oneof(
      fc.string({ maxLength: 20 }).map((s) => frame('<13>' + s)),
      fc.uint8Array({ maxLength: 15 }).map((b) => frame(Buffer.from(b))),
      fc.constantFrom(Buffer.from('\n'), Buffer.from('junk line\n'), Buffer.from('05 <1>x\n'), Buffer.from('9 nope\n')),
    );
    fc.assert(
      fc.property(fc.array(msg, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (msgs, rawCuts, max) => {
        const buf = Buffer.concat(msgs);
        const cuts = [...new Set(rawCuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
        const o = { ...octet, maxEventBytes: max };
        expect(summary(frameInPieces(buf, cuts, o))).toEqual(summary(frameBuffer(buf, o)));
      }),
      { numRuns: 1000 },
    );
  });
});
