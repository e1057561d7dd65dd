import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer } from '../../functions/decode/framer.js';
import { BROKEN_JSON_ERROR, INCOMPLETE_JSON_ERROR, UNCLOSED_JSON_ERROR } from '../../functions/decode/json-value-framer.js';
import { readCorpus } from '../support/corpora.js';
import { frameInPieces, framerOptions, summary, texts } from './helpers.js';

const auto = framerOptions();

function everyCut(buf: Buffer, step = 1): number[][] {
  const out: number[][] = [];
  for (let i = 0; i <= buf.length; i += step) out.push([i]);
  return out;
}

describe('JSON-value framing', () => {
  it('frames each element of a journalctl JSON array (corner-cases.json)', () => {
    const buf = readCorpus('journald-beats/corner-cases.json');
    const expected = JSON.parse(buf.toString('utf8')) as unknown[];
    for (const format of ['auto', 'journald'] as const) {
      const events = frameBuffer(buf, framerOptions({ format }));
      expect(events).toHaveLength(2);
      expect(events.map((e) => JSON.parse(e.data.toString('utf8')))).toEqual(expected);
      expect(events.every((e) => e.error === undefined)).toBe(true);
    }
  });

  it('frames the elements of Filebeat golden events (pretty-printed array)', () => {
    const buf = readCorpus('journald-beats/input-multiline-parser-events.json');
    const expected = JSON.parse(buf.toString('utf8')) as unknown[];
    const events = frameBuffer(buf, framerOptions({ format: 'filebeat' }));
    expect(events.map((e) => JSON.parse(e.data.toString('utf8')))).toEqual(expected);
    expect(events).toHaveLength(8);
  });

  it('keeps a json-pretty object whole (sample-journal-event.json)', () => {
    const buf = readCorpus('journald-beats/sample-journal-event.json');
    const events = frameBuffer(buf, auto);
    expect(events).toHaveLength(1);
    expect(events[0].data.toString('utf8')).toBe(buf.toString('utf8').trim());
    expect(JSON.parse(events[0].data.toString('utf8')).MESSAGE).toBe('Count: 0000000001');
  });

  it('frames several concatenated json-pretty objects one by one', () => {
    const one = readCorpus('journald-beats/sample-journal-event.json').toString('utf8').trim();
    const stream = Buffer.from(`${one}\n${one.replace('0000000001', '0000000002')}\n`);
    const events = frameBuffer(stream, auto);
    expect(events.map((e) => JSON.parse(e.data.toString('utf8')).MESSAGE)).toEqual(['Count: 0000000001', 'Count: 0000000002']);
    expect(events.map((e) => e.index)).toEqual([0, 1]);
  });

  it('does not take braces and brackets inside strings (or escaped quotes) for structure', () => {
    const arr = Buffer.from('[\n{"M":"a } ] \\" { [","N":{"x":[1,{"y":"}"}]}},\n {"M":"b\\\\"}, 42, "s,]", null ]\n');
    expect(texts(frameBuffer(arr, auto))).toEqual([
      '{"M":"a } ] \\" { [","N":{"x":[1,{"y":"}"}]}}',
      '{"M":"b\\\\"}',
      '42',
      '"s,]"',
      'null',
    ]);
  });

  it('an empty array gives no events; text after the array is framed by line', () => {
    expect(frameBuffer(Buffer.from('[ ]\n'), auto)).toEqual([]);
    expect(texts(frameBuffer(Buffer.from('[{"a":1}]\ntrailing words\r\n'), auto))).toEqual(['{"a":1}', 'trailing words']);
  });

  it('a value left open at end of input is an error event, cut to the limit', () => {
    const events = frameBuffer(Buffer.from('{\n "MESSAGE": "never closed"\n'), auto);
    expect(events).toHaveLength(1);
    expect(events[0].error).toBe('incomplete JSON value at end of input');
    expect(events[0].data.toString()).toBe('{\n "MESSAGE": "never closed"\n');
  });

  it('a line break inside a string breaks only that value: framing resumes at the next line starting a value', () => {
    const arr = Buffer.from('[\n{"MESSAGE":"cut off here\n"PRIORITY":"6"},\n{"MESSAGE":"next"}\n]\n');
    expect(summary(frameBuffer(arr, auto))).toEqual([
      { data: '{"MESSAGE":"cut off here\n"PRIORITY":"6"},', index: 0, error: BROKEN_JSON_ERROR },
      { data: '{"MESSAGE":"next"}', index: 1 },
    ]);
    const pretty = Buffer.from('{\n  "MESSAGE" : "broken\n  "PRIORITY" : "6"\n}\n{\n  "MESSAGE" : "fine"\n}\n');
    expect(summary(frameBuffer(pretty, auto))).toEqual([
      { data: '{\n  "MESSAGE" : "broken\n  "PRIORITY" : "6"\n}', index: 0, error: BROKEN_JSON_ERROR },
      { data: '{\n  "MESSAGE" : "fine"\n}', index: 1 },
    ]);
  });

  it('an oversized element is cut and the following elements still come out', () => {
    const big = JSON.stringify({ MESSAGE: 'x'.repeat(500) });
    const buf = Buffer.from(`[${big},{"MESSAGE":"next"}]`);
    const events = frameBuffer(buf, framerOptions({ maxEventBytes: 100 }));
    expect(summary(events)).toEqual([
      { data: big.slice(0, 100), index: 0, error: 'event exceeds 100 bytes; cut' },
      { data: '{"MESSAGE":"next"}', index: 1 },
    ]);
  });

  it('is not used for formats that cannot be JSON', () => {
    const buf = readCorpus('journald-beats/sample-journal-event.json');
    const lines = buf.toString('utf8').split('\n').filter((l) => l.length > 0).length;
    expect(frameBuffer(buf, framerOptions({ format: 'rfc5424' }))).toHaveLength(lines);
  });

  it('journalctl -o json output (one object per line) stays one event per line', () => {
    const buf = readCorpus('journald-journalctl/synthetic-edge-cases.journalctl.json');
    const events = frameBuffer(buf, auto);
    expect(events).toHaveLength(7);
    for (const e of events) expect(() => JSON.parse(e.data.toString('utf8'))).not.toThrow();
  });

  it('a split at every byte position gives the same events (pretty object, array, NDJSON)', () => {
    const sample = readCorpus('journald-beats/sample-journal-event.json');
    const small = Buffer.from('[{"a":"]"}, 1,"x"]\n{"b":\n2}\nplain\n');
    const ndjson = readCorpus('journald-systemd-spec/spec-two-entries.journalctl.json');
    for (const buf of [sample, small, ndjson]) {
      const whole = summary(frameBuffer(buf, auto));
      for (const cuts of everyCut(buf)) expect(summary(frameInPieces(buf, cuts, auto))).toEqual(whole);
    }
  });

  it('random splits of the journalctl array give the same events, also with a small limit (fast-check)', () => {
    const buf = readCorpus('journald-beats/corner-cases.json');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: buf.length }), { maxLength: 8 }), fc.constantFrom(64, 1000, 1 << 20), (cuts, max) => {
        const o = framerOptions({ maxEventBytes: max });
        expect(summary(frameInPieces(buf, [...cuts].sort((a, b) => a - b), o))).toEqual(summary(frameBuffer(buf, o)));
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary JSON-ish byte soup: chunking never changes the events (fast-check)', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', '\n', '\r', ' ', 'a', '1', 'x y');
    fc.assert(
      fc.property(fc.constantFrom('', '[', '{\n'), fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 5 }), fc.integer({ min: 1, max: 12 }), (start, pieces, rawCuts, max) => {
        const buf = Buffer.from(start + pieces.join(''));
        const cuts = [...new Set(rawCuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
        const o = framerOptions({ maxEventBytes: max });
        expect(summary(frameInPieces(buf, cuts, o))).toEqual(summary(frameBuffer(buf, o)));
      }),
      { numRuns: 1000 },
    );
  });

  describe('a value left open costs one event, not the rest of the stream (issue 10 §4)', () => {
    /** journalctl -o json-pretty entries (tab-indented, `"KEY" : value`). */
    function entry(k: number): string {
      return `{\n\t"__CURSOR" : "s=0123abcd;i=${k.toString(16)}",\n\t"MESSAGE" : "entry ${k}",\n\t"PRIORITY" : "6"\n}\n`;
    }
    const entries = Array.from({ length: 20_000 }, (_, k) => entry(k));
    const trimmed = (k: number) => entries[k].trimEnd();

    it('a missing "}" in entry 100 of 20,000: entry 100 is one error event, entries 101-20,000 come out as themselves', () => {
      const broken = entries.slice();
      broken[99] = entry(99).replace('\n}\n', '\n');
      const events = frameBuffer(Buffer.from(broken.join('')), auto);
      expect(events).toHaveLength(20_000);
      expect(summary([events[99]])).toEqual([{ data: broken[99].trimEnd(), index: 99, error: UNCLOSED_JSON_ERROR }]);
      const others = events.filter((_, k) => k !== 99);
      expect(others.every((e) => e.error === undefined)).toBe(true);
      expect(others.map((e) => e.data.toString())).toEqual(entries.map((_, k) => trimmed(k)).filter((_, k) => k !== 99));
    });

    it('an extra "{" inside entry 100: entry 100 is one error event, the entries after it come out as themselves', () => {
      const broken = entries.slice();
      broken[99] = entry(99).replace('"MESSAGE" : "entry 99",', '"MESSAGE" : "entry 99",{');
      const events = frameBuffer(Buffer.from(broken.join('')), auto);
      expect(events).toHaveLength(20_000);
      expect(summary([events[99]])).toEqual([{ data: broken[99].trimEnd(), index: 99, error: UNCLOSED_JSON_ERROR }]);
      expect(events.slice(100).map((e) => [e.data.toString(), e.error])).toEqual(entries.slice(100).map((t) => [t.trimEnd(), undefined]));
    });

    it('an extra "{" line before entry 100: that line is the error event and entry 100 itself still comes out', () => {
      const broken = entries.slice();
      broken[99] = `{\n${entry(99)}`;
      const events = frameBuffer(Buffer.from(broken.slice(0, 102).join('')), auto);
      expect(summary(events.slice(99, 102))).toEqual([
        { data: '{', index: 99, error: UNCLOSED_JSON_ERROR },
        { data: trimmed(99), index: 100 },
        { data: trimmed(100), index: 101 },
      ]);
    });

    it('also inside a top-level array, and whatever the chunking', () => {
      const arr = Buffer.from(`[\n  {\n    "MESSAGE": "a",\n    "N": [1, 2]\n  ,\n  {\n    "MESSAGE": "b"\n  }\n]\n`);
      const whole = summary(frameBuffer(arr, auto));
      expect(whole).toEqual([
        { data: '{\n    "MESSAGE": "a",\n    "N": [1, 2]\n  ,', index: 0, error: UNCLOSED_JSON_ERROR },
        { data: '{\n    "MESSAGE": "b"\n  }', index: 1 },
      ]);
      for (const cuts of everyCut(arr)) expect(summary(frameInPieces(arr, cuts, auto))).toEqual(whole);
    });

    it('nested objects on their own, deeper-indented lines are not taken for entry starts', () => {
      const nested = Buffer.from('{\n  "a": [\n    {\n      "b": 1\n    }\n  ]\n}\n{\n  "c": 2\n}\n');
      expect(summary(frameBuffer(nested, auto))).toEqual([
        { data: '{\n  "a": [\n    {\n      "b": 1\n    }\n  ]\n}', index: 0 },
        { data: '{\n  "c": 2\n}', index: 1 },
      ]);
    });

    it('a value cut at max_event_bytes or left open at the end says so and names the limit', () => {
      const open = Buffer.from(`{\n "MESSAGE": "${'x'.repeat(200)}"\n`);
      expect(summary(frameBuffer(open, framerOptions({ maxEventBytes: 50 })))).toEqual([
        { data: open.subarray(0, 50).toString(), index: 0, error: 'event exceeds 50 bytes; cut' },
      ]);
      const exact = Buffer.from('{\n "M": "0123456789"\n');
      expect(summary(frameBuffer(exact, framerOptions({ maxEventBytes: exact.length - 1 })))).toEqual([
        { data: exact.subarray(0, exact.length - 1).toString(), index: 0, error: `${INCOMPLETE_JSON_ERROR}; cut to its first ${exact.length - 1} bytes (max_event_bytes)` },
      ]);
    });
  });
});
