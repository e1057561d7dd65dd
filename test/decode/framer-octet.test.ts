import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer } from '../../functions/decode/framer.js';
import { TRUNCATED_HEADER_ERROR, ZERO_LENGTH_ERROR } from '../../functions/decode/octet-counted-framer.js';
import { cli } from '../cli/run-cli.js';
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

  it('a length inconsistent with the data: the frame and the bytes up to the next consistent frame become one error event', () => {
    const buf = Buffer.from('12 <13>hello world\ngarbage here\n05 <13>zero\n7 <13>ok7\n');
    expect(summary(frameBuffer(buf, octet))).toEqual([
      {
        data: '12 <13>hello world\ngarbage here\n05 <13>zero',
        index: 0,
        error: 'octet counting: length 12 does not end where another frame or the input ends; 43 bytes skipped to the next frame start',
      },
      { data: '<13>ok7', index: 1 },
    ]);
  });

  it('a zero length is one empty error event; a line starting with digits but no "<" is skipped', () => {
    const events = summary(frameBuffer(Buffer.from('0 <13>a\n10 not syslog\n5 <13>b'), octet));
    expect(events).toEqual([
      { data: '', index: 0, error: ZERO_LENGTH_ERROR },
      { data: '<13>a\n10 not syslog', index: 1, error: 'octet counting: no length at the frame start; 19 bytes skipped to the next frame start' },
      { data: '<13>b', index: 2 },
    ]);
  });

  it('a frame cut short by the end of input is one error event that says so, with the bytes received', () => {
    expect(summary(frameBuffer(Buffer.from('20 <13>short'), octet))).toEqual([
      {
        data: '20 <13>short',
        index: 0,
        error: 'octet counting: length 20 runs past the end of input (9 bytes follow); 12 bytes skipped to the end of input',
      },
    ]);
    expect(summary(frameBuffer(Buffer.from('123'), octet))).toEqual([{ data: '123', index: 0, error: TRUNCATED_HEADER_ERROR }]);
  });

  it('a length over max_event_bytes is skipped as one error event that names the limit and says it was cut; the next frame comes out', () => {
    const big = frame('<13>' + 'x'.repeat(100));
    const buf = Buffer.concat([big, frame('<13>next')]);
    expect(summary(frameBuffer(buf, { ...octet, maxEventBytes: 10 }))).toEqual([
      {
        data: big.subarray(0, 10).toString('latin1'),
        index: 0,
        error: 'octet counting: length 104 exceeds max_event_bytes (10); 108 bytes skipped to the next frame start; cut to its first 10 bytes (max_event_bytes)',
      },
      { data: '<13>next', index: 1 },
    ]);
  });

  describe('resynchronises at the next "<digits> <" frame, with no newline needed (issue 10 §2)', () => {
    const msgs = Array.from({ length: 147 }, (_, k) => `<13>1 2026-11-26T01:00:00Z host app - - - message ${k}`);
    const frames = Buffer.concat(msgs.map((m) => frame(m)));

    it('a "0 " frame before 147 frames: one empty error event, then all 147 messages', () => {
      const events = frameBuffer(Buffer.concat([Buffer.from('0 '), frames]), octet);
      expect(summary(events.slice(0, 1))).toEqual([{ data: '', index: 0, error: ZERO_LENGTH_ERROR }]);
      expect(events.slice(1).map((e) => [e.data.toString(), e.error])).toEqual(msgs.map((m) => [m, undefined]));
    });

    it('through the CLI: 148 records, the empty one with a clear parse_error, then 147 parsed RFC 5424 messages', async () => {
      const r = await cli(['parse', '--framing', 'octet-counted', '--received-time', '2026-11-26T02:00:00Z', '-'], Buffer.concat([Buffer.from('0 '), frames]));
      expect(r.code).toBe(0);
      const records = r.lines;
      expect(records).toHaveLength(148);
      expect([records[0].message, records[0].parse_error]).toEqual(['', ZERO_LENGTH_ERROR]);
      expect(records.slice(1).map((x) => [x.source_format, x.message, x.parse_error])).toEqual(msgs.map((_, k) => ['rfc5424', `message ${k}`, null]));
    });

    for (const [bad, reason] of [
      ['abc ', 'no length at the frame start'],
      ['05 <13>lead ', 'length with a leading zero'],
      ['12x<13>a ', 'no space after the length'],
      ['12345678901 <13>a ', 'length of more than 10 digits'],
      ['40 <13>too long for its frame ', 'length 40 does not end where another frame or the input ends'],
      ['3 <13>too short ', 'length 3 does not end where another frame or the input ends'],
    ]) {
      it(`after "${bad.trim()}" (${reason}): one error event, then every frame as itself`, () => {
        const events = frameBuffer(Buffer.concat([Buffer.from(bad), frames]), octet);
        expect(summary(events.slice(0, 1))).toEqual([
          { data: bad.trim(), index: 0, error: `octet counting: ${reason}; ${bad.trim().length} bytes skipped to the next frame start` },
        ]);
        expect(events.slice(1).map((e) => [e.data.toString(), e.error])).toEqual(msgs.map((m) => [m, undefined]));
      });
    }

    it('garbage right after a frame makes that frame inconsistent: both become one error event, the frames after it come out', () => {
      const first = frame(msgs[0]);
      const events = frameBuffer(Buffer.concat([first, Buffer.from('junk'), frames.subarray(first.length)]), octet);
      expect(summary(events.slice(0, 1))).toEqual([
        {
          data: `${first.toString()}junk`,
          index: 0,
          error: `octet counting: length ${msgs[0].length} does not end where another frame or the input ends; ${first.length + 4} bytes skipped to the next frame start`,
        },
      ]);
      expect(events.slice(1).map((e) => e.data.toString())).toEqual(msgs.slice(1));
    });

    it('a bogus length that would swallow the rest of the stream does not: the frames inside it come out', () => {
      const events = frameBuffer(Buffer.concat([Buffer.from('900 <13>bogus'), frames]), octet);
      expect(summary(events.slice(0, 1))).toEqual([
        { data: '900 <13>bogus', index: 0, error: 'octet counting: length 900 does not end where another frame or the input ends; 13 bytes skipped to the next frame start' },
      ]);
      expect(events.slice(1).map((e) => e.data.toString())).toEqual(msgs);
    });

    it('garbage that runs to the end of input is one error event that says so', () => {
      expect(summary(frameBuffer(Buffer.from('5 <13>a<14>no length here\n'), octet))).toEqual([
        { data: '5 <13>a<14>no length here', index: 0, error: 'octet counting: length 5 does not end where another frame or the input ends; 25 bytes skipped to the end of input' },
      ]);
    });
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
