/**
 * `journalctl -o json` / `-o json-pretty` entries (also the older `"KEY" : "value"` spacing).
 * The parsed object already is a journal field map (strings, byte-number arrays, null, arrays
 * of repeated values), so it goes straight to the shared entry mapping.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { journalEntryToEvent, unreadableEvent } from './journal-entry.js';
import type { ParseContext, ParsedEvent } from './types.js';

type FieldLimit = Pick<LimitsConfig, 'max_field_bytes'>;

export function parseJournaldJson(data: Buffer, ctx: ParseContext, limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  let obj: unknown;
  try {
    obj = JSON.parse(data.toString('utf8'));
  } catch (err) {
    return unreadableEvent('journald', data, `journald JSON: ${(err as Error).message}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return unreadableEvent('journald', data, 'journald JSON: not a JSON object');
  }
  try {
    return parseJournaldObject(obj as Record<string, unknown>, ctx, limits);
  } catch (err) {
    return unreadableEvent('journald', data, `journald JSON: ${(err as Error).message}`);
  }
}

/** For callers that already JSON.parse'd the entry (the auto-detector). */
export function parseJournaldObject(
  obj: Record<string, unknown>,
  ctx: ParseContext,
  limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits,
): ParsedEvent {
  return journalEntryToEvent(obj, 'journald', limits.max_field_bytes);
}
