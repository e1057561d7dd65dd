import { describe, expect, it } from 'vitest';
import { JournalExportSplitter, type ExportBlock } from '../../../functions/decode/journal-export-splitter.js';
import { parseJournalExport } from '../../../functions/parse/journal-export.js';
import { readCorpus } from '../../support/corpora.js';
import { ctx } from './support.js';

function binaryField(name: string, data: Buffer | string, declared?: bigint): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(declared ?? BigInt(bytes.length));
  return Buffer.concat([Buffer.from(`${name}\n`), len, bytes, Buffer.from('\n')]);
}

const ENTRY_1 = Buffer.concat([
  Buffer.from('__CURSOR=s=1;i=1\nMESSAGE_ID=abc\n'),
  binaryField('MESSAGE', 'para one\n\npara two\n\n'), // data with empty lines, ending in "\n\n"
  Buffer.from('PRIORITY=6\n'),
]);
const ENTRY_2 = Buffer.concat([binaryField('BLOB', Buffer.from([0x0a, 0x0a, 0x00, 0x0a])), Buffer.from('MESSAGE=two\n')]);
const ENTRY_3 = Buffer.from('MESSAGE=three\nX=\n');
const STREAM = Buffer.concat([ENTRY_1, Buffer.from('\n'), ENTRY_2, Buffer.from('\n'), ENTRY_3, Buffer.from('\n')]);

function split(chunks: Buffer[], max?: number): ExportBlock[] {
  const s = new JournalExportSplitter(max);
  const out = chunks.flatMap((c) => s.push(c));
  return [...out, ...s.end()];
}

describe('JournalExportSplitter', () => {
  it('cuts entries at empty lines but not inside binary data', () => {
    const blocks = split([STREAM]);
    expect(blocks).toEqual([{ data: ENTRY_1 }, { data: ENTRY_2 }, { data: ENTRY_3 }]);
    expect(parseJournalExport(blocks[0].data, ctx).message).toBe('para one\n\npara two\n\n');
    expect(parseJournalExport(blocks[1].data, ctx).fields.BLOB).toBe('\n\n\u0000\n');
  });

  it('gives the same entries for a chunk boundary at every byte position', () => {
    const whole = split([STREAM]);
    for (let cut = 0; cut <= STREAM.length; cut++) {
      expect(split([STREAM.subarray(0, cut), STREAM.subarray(cut)])).toEqual(whole);
    }
  });

  it('gives the same entries for one-byte chunks and for every pair of cuts', () => {
    const whole = split([STREAM]);
    expect(split([...STREAM].map((b) => Buffer.from([b])))).toEqual(whole);
    for (let a = 0; a < STREAM.length; a += 3) {
      for (let b = a; b <= STREAM.length; b += 5) {
        expect(split([STREAM.subarray(0, a), STREAM.subarray(a, b), STREAM.subarray(b)])).toEqual(whole);
      }
    }
  });

  it('skips extra empty lines and flushes a last entry without a separator', () => {
    const stream = Buffer.concat([Buffer.from('\n\n'), ENTRY_1, Buffer.from('\n\n\n'), ENTRY_3]);
    expect(split([stream])).toEqual([{ data: ENTRY_1 }, { data: ENTRY_3 }]);
    expect(split([Buffer.from('\n\n')])).toEqual([]);
  });

  it('splits the real journalctl round-trip export into its entries', () => {
    const blocks = split([readCorpus('journald-journalctl/synthetic-edge-cases.roundtrip.export')]);
    expect(blocks).toHaveLength(7);
    for (const b of blocks) {
      expect(b.error).toBeUndefined();
      expect(parseJournalExport(b.data, ctx).parse_error).toBeNull();
    }
    expect(parseJournalExport(blocks[1].data, ctx).message).toBe('line one\nline two\nline three');
    expect(parseJournalExport(blocks[4].data, ctx).fields.BIG_FIELD).toHaveLength(70000);
  });

  it('bounds memory: an oversized entry becomes an error block of at most the limit, then splitting goes on', () => {
    const huge = Buffer.concat([Buffer.from('MESSAGE=start\n'), binaryField('BLOB', Buffer.alloc(200_000, 0x0a))]);
    const stream = Buffer.concat([huge, Buffer.from('\n'), ENTRY_3]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 4096) chunks.push(stream.subarray(i, i + 4096));
    const blocks = split(chunks, 1024);
    expect(blocks).toHaveLength(2);
    expect(blocks[0].error).toBe(
      'journal export: binary field BLOB declares 200000 bytes, more than the entry limit (max_event_bytes 1024) allows: the length is bogus or the entry oversized; skipped to the next entry start; cut to its first 1024 bytes (max_event_bytes)',
    );
    expect(blocks[0].data.length).toBe(1024);
    expect(blocks[0].data.equals(huge.subarray(0, 1024))).toBe(true);
    expect(blocks[1]).toEqual({ data: ENTRY_3 });
  });

  it('bounds an over-long text line the same way', () => {
    const stream = Buffer.from(`MESSAGE=${'x'.repeat(5000)}\n\nMESSAGE=ok\n`);
    const blocks = split([stream], 100);
    expect(blocks.map((b) => [b.data.length, b.error])).toEqual([
      [100, 'journal export entry exceeds 100 bytes; cut'],
      [11, undefined],
    ]);
  });

  it('resynchronises at the next empty line after an impossible binary length', () => {
    const bad = Buffer.concat([Buffer.from('MESSAGE=a\n'), binaryField('X', 'garbage', 1n << 62n)]);
    const blocks = split([Buffer.concat([bad, Buffer.from('\n'), ENTRY_3])]);
    expect(blocks).toHaveLength(2);
    expect(blocks[0].error).toBe(
      `journal export: binary field X declares ${1n << 62n} bytes, more than the entry limit (max_event_bytes 1048576) allows: the length is bogus or the entry oversized; skipped to the next entry start`,
    );
    expect(blocks[1]).toEqual({ data: ENTRY_3 });
  });

  it('flags a stream that ends inside a binary field', () => {
    const cut = ENTRY_1.subarray(0, ENTRY_1.indexOf('para two'));
    const blocks = split([cut]);
    expect(blocks).toEqual([
      { data: cut, error: 'journal export: binary field MESSAGE declares 20 bytes, but the stream ends after 10: the length is wrong or the input was cut' },
    ]);
    expect(parseJournalExport(blocks[0].data, ctx).parse_error).toMatch(/MESSAGE: \d+ bytes declared/);
  });
});
