import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JournalExportSplitter, type ExportBlock } from '../../../functions/decode/journal-export-splitter.js';
import { parseFilebeat, parseFilebeatObject } from '../../../functions/parse/filebeat.js';
import { parseJournalExport } from '../../../functions/parse/journal-export.js';
import { parseJournaldJson, parseJournaldObject } from '../../../functions/parse/journald-json.js';
import { isValidUtf8 } from '../../../functions/shared/text.js';
import { comparable, ctx, record } from './support.js';

const RUNS = { numRuns: 300 };

/** Bytes that often hold the export format's own syntax. */
const syntaxBytes = fc.uint8Array({ maxLength: 60 }).map((b) => {
  const out = Buffer.from(b);
  for (let i = 0; i < out.length; i += 7) out[i] = [0x0a, 0x3d, 0x41, 0x5f][out[i] % 4];
  return out;
});

describe('no input makes a parser or the splitter throw', () => {
  it('parseJournaldJson, parseJournalExport, parseFilebeat on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), syntaxBytes), (bytes) => {
        const data = Buffer.from(bytes);
        for (const ev of [parseJournaldJson(data, ctx), parseJournalExport(data, ctx), parseFilebeat(data, ctx)]) {
          record(ev); // the suite's setup schema-checks every record
        }
      }),
      RUNS,
    );
  });

  it('object parsers on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 })), (obj) => {
        record(parseJournaldObject(obj, ctx));
        record(parseFilebeatObject(obj, ctx));
        record(parseJournaldJson(Buffer.from(JSON.stringify(obj)), ctx));
      }),
      RUNS,
    );
  });

  it('deeply nested input', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const obj = `{"MESSAGE":${deep},"journald":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expect(parseJournaldJson(Buffer.from(obj), ctx).parse_error).toBeNull();
    expect(() => parseFilebeat(Buffer.from(obj), ctx)).not.toThrow();
  });

  it('the splitter on arbitrary bytes in arbitrary chunks, staying within its limit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 80 }), syntaxBytes), { maxLength: 12 }), fc.integer({ min: 16, max: 256 }), (chunks, max) => {
        const s = new JournalExportSplitter(max);
        const blocks = [...chunks.flatMap((c) => s.push(Buffer.from(c))), ...s.end()];
        for (const b of blocks) {
          expect(b.data.length).toBeLessThanOrEqual(max);
          record(parseJournalExport(b.data, ctx));
        }
      }),
      RUNS,
    );
  });
});

/** A journal entry as an ordered list of fields (names may repeat), values as bytes. */
const fieldName = fc.oneof(
  fc.constantFrom('MESSAGE', 'PRIORITY', 'SYSLOG_FACILITY', 'SYSLOG_IDENTIFIER', '_HOSTNAME', '_PID', '_COMM', 'TAG', '_SYSTEMD_UNIT', '__REALTIME_TIMESTAMP'),
  fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'), { minLength: 1, maxLength: 12 }).map((c) => 'X' + c.join('')),
);
const fieldValue = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(s)),
  fc.constantFrom('6', '3', 'warning', '1700000000000001', '').map((s) => Buffer.from(s)),
  syntaxBytes,
  fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
);
const entryArb = fc.array(fc.tuple(fieldName, fieldValue, fc.boolean()), { minLength: 1, maxLength: 10 });
type Entry = [string, Buffer, boolean][];

/** Export rendering: text form when allowed (no newline, UTF-8) and chosen, else binary. */
function toExport(entry: Entry): Buffer {
  return Buffer.concat(
    entry.map(([k, v, preferText]) => {
      if (preferText && !v.includes(0x0a) && isValidUtf8(v)) return Buffer.concat([Buffer.from(`${k}=`), v, Buffer.from('\n')]);
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(v.length));
      return Buffer.concat([Buffer.from(`${k}\n`), len, v, Buffer.from('\n')]);
    }),
  );
}

/** journalctl JSON rendering: strings for UTF-8 (or a byte array, as journalctl does for control characters), byte arrays otherwise, arrays for repeats. */
function toJson(entry: Entry): Record<string, unknown> {
  const values = new Map<string, unknown[]>();
  for (const [k, v, preferText] of entry) {
    const rendered = preferText && isValidUtf8(v) ? v.toString('utf8') : [...v];
    values.set(k, [...(values.get(k) ?? []), rendered]);
  }
  return Object.fromEntries([...values].map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs]));
}

describe('one entry, two renderings, one record', () => {
  it('journalctl JSON and export of a generated entry normalize equally', () => {
    fc.assert(
      fc.property(entryArb, (entry) => {
        const fromExport = parseJournalExport(toExport(entry), ctx);
        const fromJson = parseJournaldObject(toJson(entry), ctx);
        expect(fromExport.parse_error).toBeNull();
        expect(comparable(record(fromExport))).toEqual(comparable(record(fromJson)));
      }),
      RUNS,
    );
  });

  it('the splitter returns generated entries exactly, however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (entries, sizes) => {
        const rendered = entries.map(toExport);
        const stream = Buffer.concat(rendered.flatMap((e) => [e, Buffer.from('\n')]));
        const s = new JournalExportSplitter();
        const blocks: ExportBlock[] = [];
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const size = sizes[i % sizes.length];
          blocks.push(...s.push(stream.subarray(at, at + size)));
          at += size;
        }
        blocks.push(...s.end());
        expect(blocks).toEqual(rendered.map((data) => ({ data })));
      }),
      RUNS,
    );
  });
});
