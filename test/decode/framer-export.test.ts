import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameBuffer } from '../../functions/decode/framer.js';
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
        expect(summary(frameInPieces(buf, cuts, o))).toEqual(summary(frameBuffer(buf, o)));
      }),
      { numRuns: 1000 },
    );
  });

  it('a split at every byte position of the spec example gives the same entries', () => {
    const buf = readCorpus('journald-systemd-spec/spec-two-entries.export');
    const whole = summary(frameBuffer(buf, framerOptions()));
    for (let i = 0; i <= buf.length; i++) expect(summary(frameInPieces(buf, [i], framerOptions()))).toEqual(whole);
  });

  describe('a bogus binary length costs one entry, not the rest of the stream (issue 10 §4)', () => {
    function binaryField(name: string, data: string, declared: bigint): Buffer {
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(declared);
      return Buffer.concat([Buffer.from(`${name}\n`), len, Buffer.from(data), Buffer.from('\n')]);
    }
    function entry(k: number, extra: Buffer = Buffer.alloc(0)): Buffer {
      const head = `__CURSOR=s=0123abcd;i=${k.toString(16)}\n__REALTIME_TIMESTAMP=${1764120000000000 + k}\n`;
      return Buffer.concat([Buffer.from(head), extra, Buffer.from(`MESSAGE=entry ${k}\nPRIORITY=6\n\n`)]);
    }
    const entries = Array.from({ length: 50 }, (_, k) => entry(k));
    const withEntry = (k: number, replacement: Buffer) => Buffer.concat(entries.map((e, j) => (j === k ? replacement : e)));
    const body = (e: Buffer) => e.subarray(0, e.length - 1).toString('latin1'); // without the separating empty line

    for (const declared of [(1n << 20n) + 1n, 5n << 20n, 100n << 20n, 768n << 20n, 1n << 62n]) {
      it(`a length of ${declared} bytes (past max_event_bytes): that entry is one error event, every other entry comes out as itself`, () => {
        const bad = entry(10, binaryField('BLOB', 'short data', declared));
        const events = frameBuffer(withEntry(10, bad), framerOptions());
        expect(events).toHaveLength(50);
        expect(summary([events[10]])).toEqual([
          {
            data: body(bad),
            index: 10,
            error: `journal export: binary field BLOB declares ${declared} bytes, more than the entry limit (max_event_bytes 1048576) allows: the length is bogus or the entry oversized; skipped to the next entry start`,
          },
        ]);
        const others = events.filter((_, k) => k !== 10);
        expect(others.map((e) => [e.data.toString('latin1'), e.error])).toEqual(entries.filter((_, k) => k !== 10).map((e) => [body(e), undefined]));
      });
    }

    it('a length under the limit that runs into the next entries: the entry ends where the next one starts', () => {
      const bad = entry(10, binaryField('BLOB', 'short', 5000n));
      const events = frameBuffer(withEntry(10, bad), framerOptions());
      expect(events).toHaveLength(50);
      // The entry's bytes end with the line before the empty line that precedes entry 11.
      expect(summary([events[10]])).toEqual([
        {
          data: body(bad),
          index: 10,
          // "short", the entry's last two lines and the empty line: entry 11 starts 35 bytes in.
          error: 'journal export: binary field BLOB declares 5000 bytes, but the next entry starts 35 bytes into them: the length is wrong',
        },
      ]);
      expect(events.slice(11).map((e) => [e.data.toString('latin1'), e.error])).toEqual(entries.slice(11).map((e) => [body(e), undefined]));
    });

    it('data not followed by its newline: the length is wrong, and splitting resumes at the next entry', () => {
      const bad = entry(10, binaryField('BLOB', 'longer than declared', 6n));
      const events = frameBuffer(withEntry(10, bad), framerOptions());
      expect(events).toHaveLength(50);
      expect(summary([events[10]])).toEqual([{ data: body(bad), index: 10, error: 'journal export: binary field BLOB: no newline after its 6 bytes: the length is wrong' }]);
      expect(events.slice(11).every((e) => e.error === undefined)).toBe(true);
    });

    it('a bogus length whose entry runs to the end of input says so', () => {
      const bad = entry(49, binaryField('BLOB', 'short data', 5n << 20n));
      const events = frameBuffer(withEntry(49, bad), framerOptions());
      expect(events).toHaveLength(50);
      expect(events[49].error).toBe(
        `journal export: binary field BLOB declares ${5n << 20n} bytes, more than the entry limit (max_event_bytes 1048576) allows: the length is bogus or the entry oversized; skipped to the next entry start; no entry start followed, skipped to the end of input`,
      );
    });

    it('streams without __CURSOR resynchronise at their own first field', () => {
      const stream = Buffer.from(['MESSAGE=one\nX=1\n', 'MESSAGE=two\n', 'MESSAGE=three\n'].join('\n') + '\n');
      const bad = Buffer.concat([Buffer.from('MESSAGE=one\n'), binaryField('X', 'y', 9n << 30n), Buffer.from('\nMESSAGE=two\n\nMESSAGE=three\n\n')]);
      expect(frameBuffer(stream, framerOptions()).map((e) => e.error)).toEqual([undefined, undefined, undefined]);
      const events = frameBuffer(bad, framerOptions());
      expect(events.map((e) => e.data.toString('latin1'))).toEqual([bad.subarray(0, bad.indexOf('\n\nMESSAGE=two') + 1).toString('latin1'), 'MESSAGE=two\n', 'MESSAGE=three\n']);
      expect(events.map((e) => e.error === undefined)).toEqual([false, true, true]);
    });

    it('holds at most max_event_bytes of a bogus entry, fed in chunks', () => {
      const bad = entry(1, binaryField('BLOB', 'x'.repeat(300_000), 700n << 20n));
      const buf = Buffer.concat([entries[0], bad, entries[2]]);
      const cuts = Array.from({ length: Math.floor(buf.length / 4096) }, (_, k) => (k + 1) * 4096);
      const o = framerOptions({ maxEventBytes: 65_536 });
      const events = frameInPieces(buf, cuts, o);
      expect(events.map((e) => e.data.length)).toEqual([entries[0].length - 1, 65_536, entries[2].length - 1]);
      expect(events[1].error).toMatch(/declares 734003200 bytes, more than the entry limit \(max_event_bytes 65536\).*; cut to its first 65536 bytes \(max_event_bytes\)$/);
      expect(summary(events)).toEqual(summary(frameBuffer(buf, o)));
    });
  });
});
