/**
 * Issue 10 §2: garbage between valid frames costs the garbage (and, where the framing cannot
 * tell, the one frame it touches), never the frames after it. Each property builds a stream of
 * valid frames with garbage inserted at random places, frames it in random chunks, and checks
 * that every valid frame after the garbage comes out as itself and that the garbage bytes are
 * kept in the events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FramedEvent } from '../../functions/decode/framer.js';
import { frameInPieces, framerOptions } from './helpers.js';

const RUNS = { numRuns: 200 };

type Item = { frame: Buffer } | { garbage: Buffer };

/** Frames with garbage after some of them (never two garbage pieces in a row). */
function withGarbage(frames: fc.Arbitrary<Buffer>, garbage: fc.Arbitrary<Buffer>, garbageFirst: boolean): fc.Arbitrary<Item[]> {
  return fc.array(fc.tuple(frames, fc.option(garbage, { freq: 3 })), { minLength: 1, maxLength: 8 }).chain((pairs) =>
    fc.option(garbage, { freq: 2 }).map((lead) => {
      const items: Item[] = lead !== null && garbageFirst ? [{ garbage: lead }] : [];
      for (const [frame, g] of pairs) {
        items.push({ frame });
        if (g !== null) items.push({ garbage: g });
      }
      return items;
    }),
  );
}

const chunkCuts = fc.array(fc.nat(), { maxLength: 6 });

function frameInRandomPieces(buf: Buffer, rawCuts: number[], opts = framerOptions()): FramedEvent[] {
  const cuts = [...new Set(rawCuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  return frameInPieces(buf, cuts, opts);
}

/** `frames` appear in `events`, in order, as events of their own without error. */
function expectFramesInOrder(events: FramedEvent[], frames: Buffer[]): FramedEvent[] {
  const rest: FramedEvent[] = [];
  let k = 0;
  for (const e of events) {
    if (k < frames.length && e.error === undefined && e.data.equals(frames[k])) k++;
    else rest.push(e);
  }
  expect(k, `recovered ${k} of ${frames.length} frames`).toBe(frames.length);
  return rest;
}

function withoutBlanks(buf: Buffer): string {
  return buf.toString('latin1').replace(/[ \t\r\n]/g, '');
}

describe('resynchronisation after garbage (fast-check)', () => {
  it('octet counting: frames after garbage come out as themselves; the garbage, with the frame it follows, is one error event', () => {
    // Message text without "<" and without a digit before a blank, so no frame start hides in it.
    const text = fc.string({ unit: fc.constantFrom(...'abc xyz:=-_.,127\t\n'), maxLength: 30 }).filter((s) => !/[0-9][ \t\r\n]/.test(s));
    const frame = fc.tuple(fc.integer({ min: 0, max: 191 }), text).map(([pri, t]) => {
      const body = Buffer.from(`<${pri}>${t}`);
      return Buffer.concat([Buffer.from(`${body.length} `), body]);
    });
    // Anything that is not itself a frame: no "<digits> <", and it starts and ends with neither a digit nor a blank.
    const garbage = fc
      .oneof(
        fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from(b)),
        fc.array(fc.constantFrom('<13>no length', '0', '05', 'x', ' ', '\n', '\u00ff', '99999999999', 'abc'), { minLength: 1, maxLength: 6 }).map((t) => Buffer.from(t.join(''))),
      )
      .filter((g) => {
        const s = g.toString('latin1');
        return !/^[0-9 \t\r\n]/.test(s) && !/[0-9 \t\r\n]$/.test(s) && !/[0-9][ \t\r\n]/.test(s);
      });
    fc.assert(
      fc.property(withGarbage(frame, garbage, true), chunkCuts, (items, rawCuts) => {
        const buf = Buffer.concat(items.map((it) => ('frame' in it ? it.frame : it.garbage)));
        const events = frameInRandomPieces(buf, rawCuts, framerOptions({ framing: 'octet-counted' }));
        // A frame followed by garbage cannot be told from one with a wrong length: it joins the
        // garbage, and everything up to the next frame followed by a frame (or the end) is one error event.
        const expected: { data: string; error: boolean }[] = [];
        let skipped: Buffer[] = [];
        items.forEach((it, k) => {
          const next = items[k + 1];
          if ('frame' in it && (next === undefined || 'frame' in next)) {
            if (skipped.length > 0) expected.push({ data: Buffer.concat(skipped).toString('latin1'), error: true });
            skipped = [];
            expected.push({ data: it.frame.subarray(it.frame.indexOf(' ') + 1).toString('latin1'), error: false });
          } else {
            skipped.push('frame' in it ? it.frame : it.garbage);
          }
        });
        if (skipped.length > 0) expected.push({ data: Buffer.concat(skipped).toString('latin1'), error: true });
        expect(events.map((e) => ({ data: e.data.toString('latin1'), error: e.error !== undefined }))).toEqual(expected);
        for (const e of events.filter((x) => x.error !== undefined)) expect(e.error).toMatch(new RegExp(`; ${e.data.length} bytes skipped to the (next frame start|end of input)$`));
      }),
      RUNS,
    );
  });

  it('lines: every valid line after garbage lines comes out as itself, and every garbage line is kept', () => {
    const max = 40;
    const line = fc.string({ unit: fc.constantFrom(...'abc <>{}[]"=:0123'), minLength: 1, maxLength: max }).map((s) => Buffer.from(s));
    const garbage = fc.uint8Array({ minLength: 1, maxLength: 120 }).map((b) => Buffer.from(b));
    fc.assert(
      fc.property(withGarbage(line, garbage, false), chunkCuts, (items, rawCuts) => {
        const buf = Buffer.concat(items.flatMap((it) => ['frame' in it ? it.frame : it.garbage, Buffer.from('\n')]));
        // Forced format: the layout is lines whatever the garbage looks like.
        const events = frameInRandomPieces(buf, rawCuts, framerOptions({ format: 'rfc3164', maxEventBytes: max }));
        const garbageLines = items.flatMap((it) =>
          'garbage' in it
            ? it.garbage
                .toString('latin1')
                .split('\n')
                .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
                .filter((l) => l.length > 0)
            : [],
        );
        const rest = expectFramesInOrder(events, items.flatMap((it) => ('frame' in it ? [it.frame] : [])));
        expect(rest.map((e) => e.data.toString('latin1'))).toEqual(garbageLines.map((l) => l.slice(0, max)));
        for (const e of rest) expect(e.error).toBe(garbageLines[rest.indexOf(e)].length > max ? `event exceeds ${max} bytes; cut` : undefined);
      }),
      RUNS,
    );
  });

  it('pretty-printed JSON: every entry after garbage lines comes out as itself, and the garbage bytes are kept', () => {
    const entry = fc
      .dictionary(fc.constantFrom('MESSAGE', 'PRIORITY', '_PID', '__CURSOR', 'X_Y'), fc.string({ maxLength: 12 }), { minKeys: 1 })
      .chain((obj) => fc.constantFrom(2, '\t').map((indent) => Buffer.from(JSON.stringify(obj, null, indent))));
    // Garbage lines. A "[" at the top level opens an array (the entries after it become its
    // elements, still themselves); its punctuation "[", "]" and "," is structure, not kept.
    const garbage = fc
      .array(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\t', '\r', 'a', '1', '\n'), minLength: 1, maxLength: 20 }), {
        minLength: 1,
        maxLength: 3,
      })
      .map((lines) => lines.join('\n'))
      .filter((g) => withoutBlanks(Buffer.from(g)).length > 0)
      .map((g) => Buffer.from(g));
    fc.assert(
      fc.property(withGarbage(entry, garbage, false), chunkCuts, (items, rawCuts) => {
        const buf = Buffer.concat(items.flatMap((it) => ['frame' in it ? it.frame : it.garbage, Buffer.from('\n')]));
        const events = frameInRandomPieces(buf, rawCuts);
        const rest = expectFramesInOrder(events, items.flatMap((it) => ('frame' in it ? [it.frame] : [])));
        const content = (b: Buffer) => withoutBlanks(b).replace(/[[\],]/g, '');
        const garbageBytes = items.flatMap((it) => ('garbage' in it ? [content(it.garbage)] : [])).join('');
        expect(rest.map((e) => content(e.data)).join('')).toBe(garbageBytes);
      }),
      RUNS,
    );
  });

  it('journal export: every entry after a garbage block comes out as itself, and the garbage bytes are kept', () => {
    const value = fc.string({ unit: fc.constantFrom(...'abc 12=_'), maxLength: 12 });
    const entry = fc
      .tuple(fc.nat({ max: 0xffff }), fc.array(fc.tuple(fc.constantFrom('MESSAGE', 'PRIORITY', '_PID', 'X_Y'), value), { maxLength: 4 }))
      .map(([i, fields]) => Buffer.from(`__CURSOR=s=ab;i=${i.toString(16)}\n__REALTIME_TIMESTAMP=${1764120000000000 + i}\n` + fields.map(([k, v]) => `${k}=${v}\n`).join('')));
    // A garbage block: text lines, or a binary field whose 64-bit length is anything at all.
    const binaryField = fc.tuple(fc.constantFrom('BLOB', 'X', 'MESSAGE'), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.uint8Array({ maxLength: 24 })).map(([name, len, data]) => {
      const lenBytes = Buffer.alloc(8);
      lenBytes.writeBigUInt64LE(len);
      return Buffer.concat([Buffer.from(`${name}\n`), lenBytes, Buffer.from(data), Buffer.from('\n')]);
    });
    const textLines = fc.array(fc.string({ unit: fc.constantFrom(...'abc =_AZ\t'), minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 }).map((ls) => Buffer.from(ls.map((l) => `${l}\n`).join('')));
    const garbage = fc.array(fc.oneof(textLines, binaryField), { minLength: 1, maxLength: 3 }).map((parts) => Buffer.concat(parts));
    fc.assert(
      fc.property(withGarbage(entry, garbage, false), chunkCuts, (items, rawCuts) => {
        const buf = Buffer.concat(items.flatMap((it) => ['frame' in it ? it.frame : it.garbage, Buffer.from('\n')]));
        const events = frameInRandomPieces(buf, rawCuts);
        const rest = expectFramesInOrder(events, items.flatMap((it) => ('frame' in it ? [it.frame] : [])));
        // Garbage blocks become events of their own (the parser flags what is malformed).
        const kept = rest.map((e) => e.data.toString('latin1')).join('\n');
        for (const it of items) if ('garbage' in it) expect(kept).toContain(it.garbage.toString('latin1').replace(/\n+$/, ''));
      }),
      RUNS,
    );
  });
});
