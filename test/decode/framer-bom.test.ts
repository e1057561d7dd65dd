import { describe, expect, it } from 'vitest';
import { frameBuffer } from '../../functions/decode/framer.js';
import { readCorpus } from '../support/corpora.js';
import { cli } from '../cli/run-cli.js';
import { frameInPieces, framerOptions, summary } from './helpers.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Every way of feeding `buf`: whole, and split at each of its first 8 positions. */
function allSplits(buf: Buffer, opts = framerOptions()) {
  const whole = summary(frameBuffer(buf, opts));
  for (let i = 0; i <= 8 && i <= buf.length; i++) expect(summary(frameInPieces(buf, [i], opts))).toEqual(whole);
  return whole;
}

describe('a UTF-8 byte order mark before the first entry (issue 10 §4)', () => {
  const cases: [string, Buffer, ReturnType<typeof framerOptions>][] = [
    ['NDJSON (journalctl -o json)', readCorpus('journald-systemd-spec/spec-two-entries.journalctl.json'), framerOptions()],
    ['pretty JSON (journalctl -o json-pretty)', readCorpus('journald-beats/sample-journal-event.json'), framerOptions()],
    ['a JSON array', readCorpus('journald-beats/corner-cases.json'), framerOptions()],
    ['journal export', readCorpus('journald-systemd-spec/spec-two-entries.export'), framerOptions()],
    ['syslog lines', Buffer.from('<34>Oct 11 22:14:15 mymachine su: hi\n<13>a\n'), framerOptions()],
    ['octet counting', Buffer.from('5 <13>a5 <13>b'), framerOptions({ framing: 'octet-counted' })],
  ];
  for (const [name, buf, opts] of cases) {
    it(`${name}: framed exactly as without it, even when the BOM is split across chunks`, () => {
      const plain = summary(frameBuffer(buf, opts));
      expect(plain.length).toBeGreaterThan(0);
      expect(allSplits(Buffer.concat([BOM, buf]), opts)).toEqual(plain);
    });
  }

  it('the first journald entry after a BOM is parsed as journald, not plain', async () => {
    const buf = Buffer.concat([BOM, readCorpus('journald-systemd-spec/spec-two-entries.journalctl.json')]);
    const r = await cli(['parse', '--received-time', '2026-11-26T02:00:00Z', '-'], buf);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => [l.source_format, l.parse_error])).toEqual([
      ['journald', null],
      ['journald', null],
    ]);
  });

  it('only a whole BOM at the very start is dropped: a partial one, or one later, is data', () => {
    expect(summary(frameBuffer(Buffer.from([0xef, 0xbb]), framerOptions()))).toEqual([{ data: '\xef\xbb', index: 0 }]);
    expect(summary(frameBuffer(Buffer.from([0xef, 0xbb, 0x41, 0x0a]), framerOptions()))).toEqual([{ data: '\xef\xbbA', index: 0 }]);
    const later = Buffer.concat([Buffer.from('a\n'), BOM, Buffer.from('b\n')]);
    expect(summary(frameBuffer(later, framerOptions()))).toEqual([
      { data: 'a', index: 0 },
      { data: '\xef\xbb\xbfb', index: 1 },
    ]);
  });
});
