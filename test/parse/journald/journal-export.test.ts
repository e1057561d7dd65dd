import { describe, expect, it } from 'vitest';
import { parseJournalExport } from '../../../functions/parse/journal-export.js';
import { ctx, exportEntries, record } from './support.js';

/** A binary export field: name, newline, 64-bit little-endian length, data, newline. */
function binaryField(name: string, data: Buffer | string): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([Buffer.from(`${name}\n`), len, bytes, Buffer.from('\n')]);
}

const text = (s: string) => Buffer.from(s);

describe('journal export: the systemd specification examples', () => {
  const [first, second] = exportEntries('journald-systemd-spec/spec-two-entries.export');

  it('reads the two text-only entries', () => {
    const a = parseJournalExport(first, ctx);
    expect(a.source_format).toBe('journal_export');
    expect(a.parse_error).toBeNull();
    expect([a.transport, a.app, a.procid, a.host]).toEqual(['syslog', 'gdm-password]', '587', 'epsilon']);
    expect([a.facility_received, a.severity_received]).toEqual([3, 4]);
    expect(a.time).toBe('2012-07-17T16:01:01.413961Z');
    expect(a.message).toBe("AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session '8' since it's not graphical: Success");
    expect(a.identity).toBe(
      'journald:6c7c6013a26343b29e964691ff25d04c:s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72436e;t=4c508a72423d9;x=d3e5610681098c10;p=system.journal',
    );
    expect(a.fields._CMDLINE).toBe('gdm-session-worker [pam/gdm-password]');
    const b = parseJournalExport(second, ctx);
    expect([b.app, b.facility_received, b.severity_received]).toEqual(['/USR/SBIN/CROND', 9, 6]);
  });

  it('reads the binary MESSAGE of the python example (foo\\nbar)', () => {
    const entry = Buffer.concat([
      text('_TRANSPORT=journal\nSYSLOG_IDENTIFIER=python3\n'),
      binaryField('MESSAGE', 'foo\nbar'),
      text('CODE_FILE=<string>\n_PID=16853\n'),
    ]);
    const ev = parseJournalExport(entry, ctx);
    expect(ev.parse_error).toBeNull();
    expect(ev.message).toBe('foo\nbar');
    expect(ev.fields).toEqual({ CODE_FILE: '<string>', _PID: '16853' });
  });
});

describe('journal export: values', () => {
  it('decodes binary data that holds empty lines, invalid UTF-8 and a trailing newline', () => {
    const entry = Buffer.concat([
      binaryField('MESSAGE', Buffer.from([0x61, 0x0a, 0x0a, 0xff, 0x0a])),
      binaryField('EMPTY', ''),
      text('EQ=a=b\n'),
    ]);
    const ev = parseJournalExport(entry, ctx);
    expect(ev.parse_error).toBeNull();
    expect(ev.message).toBe('a\n\n\\xff\n');
    expect(ev.message_encoding).toBe('c-escaped');
    expect(ev.fields).toEqual({ EMPTY: '', EQ: 'a=b' });
  });

  it('turns a repeated field into a list, text and binary alike', () => {
    const entry = Buffer.concat([text('MESSAGE=m\nTAG=a\n'), binaryField('TAG', 'b\nc'), text('TAG=d\n')]);
    const ev = parseJournalExport(entry, ctx);
    expect(JSON.parse(ev.fields.TAG)).toEqual(['a', 'b\nc', 'd']);
  });

  it('accepts a last line without newline and trailing separator lines', () => {
    expect(parseJournalExport(text('MESSAGE=m\nA=1'), ctx).fields).toEqual({ A: '1' });
    const ev = parseJournalExport(text('MESSAGE=m\nA=1\n\n\n'), ctx);
    expect(ev.parse_error).toBeNull();
    expect(ev.fields).toEqual({ A: '1' });
  });
});

describe('journal export: malformed entries keep the raw entry and the fields read so far', () => {
  const head = text('_HOSTNAME=h1\n_TRANSPORT=journal\nPRIORITY=3\n');

  it.each([
    ['a binary length cut off', Buffer.concat([head, text('MESSAGE\n\x05\x00\x00')]), /MESSAGE: length cut off/],
    ['a binary value shorter than declared', Buffer.concat([head, text('MESSAGE\n\x10\x00\x00\x00\x00\x00\x00\x00abc\n')]), /MESSAGE: 16 bytes declared, 4 present/],
    ['no newline after binary data', Buffer.concat([head, binaryField('MESSAGE', 'ab').subarray(0, -1), text('X=1\n')]), /MESSAGE: no newline after the data/],
    ['a name line with no value', Buffer.concat([head, text('MESSAGE')]), /MESSAGE has no value/],
    ['a field without a name', Buffer.concat([head, text('=x\n')]), /field without a name/],
    ['two entries in one block', Buffer.concat([head, text('\nMESSAGE=second\n')]), /empty line inside the entry/],
  ])('%s', (_name, entry, error) => {
    const ev = parseJournalExport(entry, ctx);
    expect(ev.parse_error).toMatch(/^journal export: /);
    expect(ev.parse_error).toMatch(error);
    expect([ev.host, ev.transport, ev.severity_received]).toEqual(['h1', 'journal', 3]);
    const raw = entry.toString('utf8');
    if (ev.message_encoding === null) expect(ev.message).toBe(raw);
    else expect(ev.message_encoding).toBe('c-escaped');
    expect(record(ev).parse_error).toBe(ev.parse_error);
  });

  it('escapes a raw entry that is not UTF-8', () => {
    const ev = parseJournalExport(Buffer.from('MESSAGE\n\xff', 'latin1'), ctx);
    expect(ev.parse_error).not.toBeNull();
    expect(ev.message).toBe('MESSAGE\n\\xff');
    expect(ev.message_encoding).toBe('c-escaped');
  });
});

describe('journal export: junk names', () => {
  it('quotes at most 256 bytes of a name in the error', () => {
    const ev = parseJournalExport(Buffer.from('N'.repeat(10_000)), ctx);
    expect(ev.parse_error).toBe(`journal export: field ${'N'.repeat(256)} has no value`);
    expect(ev.message).toHaveLength(10_000);
  });
});
