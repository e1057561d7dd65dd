import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer, frameSingleLine } from '../../functions/decode/framer.js';
import type { FormatOption } from '../../functions/parse/types.js';
import { framerOptions, summary } from './helpers.js';

const FORMATS: FormatOption[] = ['auto', 'journald', 'rfc3164', 'journal-export', 'cloudwatch'];

describe('single-line fast path', () => {
  it('gives exactly the events frameBuffer gives, whenever it answers', () => {
    // Bytes that steer layout detection: braces, brackets, export-style names, CR, LF, BOM, quotes.
    const piece = fc.constantFrom('{', '}', '[', ']', '"', '\\', 'A', '_', 'X=', '__CURSOR=', '<13>', ' ', '\t', '\r', '\n', 'a', '\u00ef', '\ufeff', 'é');
    const data = fc.array(piece, { maxLength: 12 }).map((p) => Buffer.from(p.join('')));
    fc.assert(
      fc.property(data, fc.constantFrom(...FORMATS), fc.integer({ min: 1, max: 40 }), (bytes, format, max) => {
        const opts = framerOptions({ format, maxEventBytes: max });
        const fast = frameSingleLine(bytes, opts);
        if (fast !== null) expect(summary(fast)).toEqual(summary(frameBuffer(bytes, opts)));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers for one syslog line or NDJSON object, with or without a final LF', () => {
    const opts = framerOptions({ format: 'auto' });
    expect(summary(frameSingleLine(Buffer.from('<13>Nov 26 01:10:00 h app: hi\r\n'), opts)!)).toEqual([{ data: '<13>Nov 26 01:10:00 h app: hi', index: 0 }]);
    expect(summary(frameSingleLine(Buffer.from('{"MESSAGE":"x"}\n'), opts)!)).toEqual([{ data: '{"MESSAGE":"x"}', index: 0 }]);
    expect(frameSingleLine(Buffer.from('\n'), opts)).toEqual([]);
  });

  it('leaves several lines, pretty JSON, export entries, a BOM and oversize lines to the framer', () => {
    const opts = framerOptions({ format: 'auto', maxEventBytes: 64 });
    for (const text of ['a\nb', '{\n"MESSAGE":"x"}', '{"a":1\n', '[{"a":1}]', '__CURSOR=s\n', '\ufeff<13>x', 'x'.repeat(65)]) {
      expect(frameSingleLine(Buffer.from(text), opts), text).toBeNull();
    }
  });
});
