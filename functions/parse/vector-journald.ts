/**
 * Vector's `journald` source as its JSON codec writes it (legacy log namespace, the default):
 * journalctl's fields as journald names them, except MESSAGE (now `message`) and _HOSTNAME
 * (now `host`); Vector adds `timestamp` (from _SOURCE_REALTIME_TIMESTAMP, else
 * __REALTIME_TIMESTAMP, RFC 3339) and `source_type`. __CURSOR is kept only with
 * `emit_cursor = true`. Renamed back, the entry takes the journald path, so the record is the
 * one the original entry gives.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { rfc3339Time } from './filebeat.js';
import { journalEntryToEvent, type JournalFieldMap } from './journal-entry.js';
import type { ParseContext, ParsedEvent } from './types.js';

export function parseVectorJournaldObject(o: Record<string, unknown>, ctx: ParseContext, limits: Pick<LimitsConfig, 'max_field_bytes'> = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  const entry: JournalFieldMap = Object.create(null);
  let timestamp: string | null = null;
  for (const k in o) {
    const v = o[k];
    switch (k) {
      case 'message':
        if (!('MESSAGE' in o)) entry.MESSAGE = v;
        continue;
      case 'host':
        if (!('_HOSTNAME' in o)) entry._HOSTNAME = v;
        continue;
      case 'timestamp':
        timestamp = typeof v === 'string' ? rfc3339Time(v) : null;
        continue;
      case 'source_type':
        continue;
      default:
        entry[k] = v;
    }
  }
  return journalEntryToEvent(entry, 'journald', limits.max_field_bytes, timestamp);
}
