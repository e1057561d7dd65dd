/**
 * One entry in journal export format (`journalctl -o export`, systemd JOURNAL_EXPORT_FORMATS):
 * text fields `KEY=value\n`; binary fields `KEY\n` + 64-bit little-endian length + data + `\n`.
 * Fields become a journal field map (text, or bytes when not UTF-8; repeated fields as lists) for the shared
 * entry mapping. A malformed entry keeps the fields read before the fault, and the raw entry as
 * its message, with a parse_error.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { journalEntryToEvent, unreadableEvent, type JournalFieldMap } from './journal-entry.js';
import type { ParseContext, ParsedEvent } from './types.js';

type FieldLimit = Pick<LimitsConfig, 'max_field_bytes'>;

/** Longer binary field names are junk (systemd allows 64); errors quote at most this much. */
const MAX_NAME_SHOWN = 256;

export function parseJournalExport(entry: Buffer, ctx: ParseContext, limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  const { fields, error } = readExportFields(entry);
  const ev = journalEntryToEvent(fields, 'journal_export', limits.max_field_bytes);
  if (error === null) return ev;
  const raw = unreadableEvent('journal_export', entry, `journal export: ${error}`);
  ev.message = raw.message;
  ev.message_encoding = raw.message_encoding;
  ev.parse_error = raw.parse_error;
  return ev;
}

export interface ExportFields {
  fields: JournalFieldMap;
  /** null, or what is wrong with the entry; `fields` then holds what came before. */
  error: string | null;
}

export function readExportFields(entry: Buffer): ExportFields {
  const textOnly = readTextOnlyFields(entry);
  if (textOnly !== null) return { fields: textOnly, error: null };
  const fields: JournalFieldMap = Object.create(null);
  const n = entry.length;
  let i = 0;
  let eqPos = -2; // cached next '=' (-1: none), so the scan stays linear
  while (i < n) {
    if (entry[i] === 0x0a) {
      // Trailing empty lines are the entry separator; anything after one is a second entry.
      let j = i;
      while (j < n && entry[j] === 0x0a) j++;
      return { fields, error: j < n ? 'empty line inside the entry (more than one entry?)' : null };
    }
    const nl = entry.indexOf(0x0a, i);
    const end = nl === -1 ? n : nl;
    if (eqPos !== -1 && eqPos < i) eqPos = entry.indexOf(0x3d, i);
    if (eqPos !== -1 && eqPos < end) {
      if (eqPos === i) return { fields, error: 'field without a name' };
      addValue(fields, entry.toString('utf8', i, eqPos), valueAt(entry, eqPos + 1, end));
      i = end + 1;
      continue;
    }
    const key = entry.toString('utf8', i, Math.min(end, i + MAX_NAME_SHOWN));
    if (nl === -1) return { fields, error: `field ${key} has no value` };
    if (nl + 9 > n) return { fields, error: `binary field ${key}: length cut off` };
    const len = entry.readBigUInt64LE(nl + 1);
    const start = nl + 9;
    const available = n - start;
    if (len > BigInt(available)) {
      return { fields, error: `binary field ${key}: ${len} bytes declared, ${available} present` };
    }
    const stop = start + Number(len);
    if (end - i > MAX_NAME_SHOWN) return { fields, error: `binary field name over ${MAX_NAME_SHOWN} bytes` };
    addValue(fields, key, valueAt(entry, start, stop));
    if (stop < n && entry[stop] !== 0x0a) return { fields, error: `binary field ${key}: no newline after the data` };
    i = stop + 1;
  }
  return { fields, error: null };
}

/**
 * Fast path for the common entry: UTF-8 text fields only, read from one decoded string. Returns
 * null for anything else (binary fields, invalid UTF-8, faults), which the byte reader handles.
 */
function readTextOnlyFields(entry: Buffer): JournalFieldMap | null {
  const s = entry.toString('utf8');
  if (s.includes('\uFFFD')) return null;
  const fields: JournalFieldMap = Object.create(null);
  const n = s.length;
  let i = 0;
  let eqPos = -2;
  while (i < n) {
    const nl = s.indexOf('\n', i);
    const end = nl === -1 ? n : nl;
    if (end === i) {
      for (let j = i; j < n; j++) if (s.charCodeAt(j) !== 0x0a) return null;
      break;
    }
    if (eqPos !== -1 && eqPos < i) eqPos = s.indexOf('=', i);
    if (eqPos === -1 || eqPos >= end || eqPos === i) return null;
    addValue(fields, s.slice(i, eqPos), s.slice(eqPos + 1, end));
    i = end + 1;
  }
  return fields;
}

/**
 * Text when the bytes are UTF-8 (Buffer's decoder yields U+FFFD only for invalid input or a
 * real U+FFFD); otherwise the bytes, which the entry mapping C-escapes.
 */
function valueAt(entry: Buffer, from: number, to: number): string | Buffer {
  const s = entry.toString('utf8', from, to);
  return s.includes('\uFFFD') ? entry.subarray(from, to) : s;
}

/** A second value for the same field turns it into a list, as the journal JSON format does. */
function addValue(fields: JournalFieldMap, key: string, value: string | Buffer): void {
  const prev = fields[key];
  if (prev === undefined) fields[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[key] = [prev, value];
}
