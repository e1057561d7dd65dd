import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer, type FramedEvent } from '../../functions/decode/framer.js';
import { readCorpus } from '../support/corpora.js';
import { frameInPieces, framerOptions, summary } from './helpers.js';

const EXPORT_FILES: [string, number][] = [
  ['journald-beats/input-multiline-parser.export', 8],
  ['journald-journalctl/beats-input-multiline-parser.roundtrip.export', 8],
  ['journald-journalctl/synthetic-edge-cases.export', 7],
  ['journald-journalctl/synthetic-edge-cases.roundtrip.export', 7],
  ['journald-systemd-spec/spec-two-entries.export', 2],
];

function cursorOf(block: Buffer): string {
  return block.toString('latin1').split('\n', 1)[0];
}

describe('journal export framing', () => {
  for (const [file, entries] of EXPORT_FILES) {
    it(`${file}: one event per entry, detected under auto and forced journal-export`, () => {
      const buf = readCorpus(file);
      const cursors = buf.toString('latin1').split('\n').filter((l) => l.startsWith('__CURSOR='));
      for (const format of ['auto', 'journal-export'] as const) {
        const events = frameBuffer(buf, framerOptions({ format }));
        expect(events).toHaveLength(entries);
        expect(events.map((e) => cursorOf(e.data))).toEqual(cursors);
        expect(events.every((e) => e.error === undefined)).toBe(true);
      }
    });
  }

  it('binary fields whose data holds blank lines stay inside their entry', () => {
    const events = frameBuffer(readCorpus('journald-journalctl/synthetic-edge-cases.export'), framerOptions());
    expect(events[1].data.includes(Buffer.from('line one\nline two\nline three'))).toBe(true);
  });

  it('an export stream not starting with __CURSOR is detected from two field lines', () => {
    const text = 'MESSAGE=hello\n_PID=12\n\nMESSAGE=again\nPRIORITY=3\n\n';
    expect(frameBuffer(Buffer.from(text), framerOptions()).map((e) => e.data.toString())).toEqual([
      'MESSAGE=hello\n_PID=12\n',
      'MESSAGE=again\nPRIORITY=3\n',
    ]);
  });

  it('one KEY=value line, or lower-case keys, are not taken for export format', () => {
    expect(frameBuffer(Buffer.from('FOO=bar is a log line\nsecond line\n'), framerOptions())).toHaveLength(2);
    expect(frameBuffer(Buffer.from('level=info msg=a\nlevel=warn msg=b\n'), framerOptions())).toHaveLength(2);
  });

  it('random splits give the same entries (fast-check)', () => {
    const buf = readCorpus('journald-journalctl/synthetic-edge-cases.export');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: buf.length }), { maxLength: 10 }), (cuts) => {
        const o = framerOptions();
        expect(summary(frameInPieces(buf, [...cuts].sort((a, b) => a - b), o))).toEqual(summary(frameBuffer(buf, o)));
      }),
      { numRuns: 100 },
    );
  });

  it('export-like and other starts: chunking never changes layout detection or events (fast-check)', () => {
    const piece = fc.constantFrom('__CURSOR=', 'MESSAGE', '_PID', '=', 'x', ' ', '\n', '\n\n', '[', '{', 'a');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, rawCuts) => {
        const buf = Buffer.from(pieces.join(''));
        const cuts = [...new Set(rawCuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
        const o = framerOptions({ maxEventBytes: 16 });
        // Which error text the splitter reports for a block both oversized and malformed can
        // depend on chunking (reported to its owner); boundaries and bytes must not.
        const shape = (events: FramedEvent[]) => events.map((e) => ({ data: e.data.toString('latin1'), index: e.index, failed: e.error !== undefined }));
        expect(shape(frameInPieces(buf, cuts, o))).toEqual(shape(frameBuffer(buf, o)));
      }),
      { numRuns: 1000 },
    );
  });

  it('a split at every byte position of the spec example gives the same entries', () => {
    const buf = readCorpus('journald-systemd-spec/spec-two-entries.export');
    const whole = summary(frameBuffer(buf, framerOptions()));
    for (let i = 0; i <= buf.length; i++) expect(summary(frameInPieces(buf, [i], framerOptions()))).toEqual(whole);
  });
});
