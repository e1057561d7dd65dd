/**
 * One journal entry as the shipper handles it: its bytes as they go into a record, and what
 * the shipper needs to know about it (cursor, partition key, time), read with the same readers
 * the parse stage uses (journal export fields, journalctl JSON objects).
 */
import { readExportFields } from '../parse/journal-export.js';
import { readJsonObject } from '../parse/json-object.js';
import { jsonText } from '../shared/json-text.js';
import { parseMicrosString } from '../shared/time.js';
import { KINESIS } from './limits.js';

export interface ShipEntry {
  /** Bytes as framed into a record: an export block (ending in its last field's newline) or one JSON line without newline. */
  data: Buffer;
  layout: 'export' | 'json';
  /** `__CURSOR`, or null when the entry has none (it is then acknowledged but moves no cursor). */
  cursor: string | null;
  /** `_HOSTNAME` + `_BOOT_ID`: keeps each host's order within one shard. */
  partitionKey: string;
  /** `__REALTIME_TIMESTAMP` in µs since the epoch, for the lag counter; null when absent. */
  realtimeUs: number | null;
  /** Set when the framer cut or could not frame the entry; it is shipped alone, as its own record. */
  error?: string;
}

/** Reads an export block's shipping facts. */
export function exportEntry(block: Buffer, error?: string): ShipEntry {
  const { fields, error: malformed } = readExportFields(block);
  // A malformed entry travels alone, so its bytes cannot change how the next entry is framed.
  const problem = error ?? (malformed !== null ? `journal export: ${malformed}` : undefined);
  return withFacts(block, 'export', text(fields.__CURSOR), text(fields._HOSTNAME), text(fields._BOOT_ID), text(fields.__REALTIME_TIMESTAMP), problem);
}

/**
 * Reads a journalctl JSON entry's shipping facts. Pretty-printed entries are re-serialized on one
 * line (same keys and values), so records stay newline-framed.
 */
export function jsonEntry(value: Buffer, error?: string): ShipEntry {
  const reading = error === undefined ? readJsonObject(value) : { error };
  if ('error' in reading) return withFacts(value, 'json', null, null, null, null, error ?? `not a journal JSON entry: ${reading.error}`);
  const o = reading.object;
  const data = value.includes(0x0a) ? Buffer.from(jsonText(o)) : value;
  return withFacts(data, 'json', text(o.__CURSOR), text(o._HOSTNAME), text(o._BOOT_ID), text(o.__REALTIME_TIMESTAMP), undefined);
}

function withFacts(
  data: Buffer,
  layout: ShipEntry['layout'],
  cursor: string | null,
  host: string | null,
  boot: string | null,
  realtime: string | null,
  error: string | undefined,
): ShipEntry {
  const micros = parseMicrosString(realtime);
  const us = micros === null ? null : Number(micros);
  const entry: ShipEntry = { data, layout, cursor, partitionKey: partitionKeyOf(host, boot), realtimeUs: us };
  if (error !== undefined) entry.error = error;
  return entry;
}

function partitionKeyOf(host: string | null, boot: string | null): string {
  const key = `${host ?? '-'} ${boot ?? '-'}`;
  return key.length <= KINESIS.maxPartitionKeyChars ? key : key.slice(0, KINESIS.maxPartitionKeyChars);
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  // A repeated field: journalctl and the export reader keep every value; the last one is the entry's.
  if (Array.isArray(v) && typeof v[v.length - 1] === 'string') return v[v.length - 1] as string;
  return null;
}
