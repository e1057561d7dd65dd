import type { RawEvent } from '../decode/raw-event.js';
import type { LogRecord } from '../shared/record.js';

/**
 * The raw event behind each record with parse_error, for the quarantine table. Kept beside the
 * record instead of in it, so `parse` output and the logs table stay as the schema says; weak,
 * so it lives exactly as long as the record. Only failed events are kept: no cost on good ones.
 */
const sources = new WeakMap<LogRecord, RawEvent>();

export function rememberRawSource(record: LogRecord, raw: RawEvent): void {
  sources.set(record, raw);
}

export function rawSourceOf(record: LogRecord): RawEvent | undefined {
  return sources.get(record);
}
