/**
 * `journalctl -o json` / `-o json-pretty` entries (also the older `"KEY" : "value"` spacing).
 * The parsed object already is a journal field map (strings, byte-number arrays, null, arrays
 * of repeated values), so it goes straight to the shared entry mapping.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { journalEntryToEvent } from './journal-entry.js';
import { parseJsonObjectEvent } from './json-object.js';
import type { ParseContext, ParsedEvent } from './types.js';

type FieldLimit = Pick<LimitsConfig, 'max_field_bytes'>;

export function parseJournaldJson(data: Buffer, ctx: ParseContext, limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  return parseJsonObjectEvent(data, 'journald', 'journald JSON', (obj) => parseJournaldObject(obj, ctx, limits));
}

/** For callers that already JSON.parse'd the entry (the auto-detector). */
export function parseJournaldObject(
  obj: Record<string, unknown>,
  ctx: ParseContext,
  limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits,
): ParsedEvent {
  return journalEntryToEvent(obj, 'journald', limits.max_field_bytes);
}
