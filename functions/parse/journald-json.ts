/**
 * `journalctl -o json` / `-o json-pretty` entries (also the older `"KEY" : "value"` spacing).
 * The parsed object already is a journal field map (strings, byte-number arrays, null, arrays
 * of repeated values), so it goes straight to the shared entry mapping.
 */
import { DEFAULT_CONFIG, type LimitsConfig } from '../shared/config.js';
import { mergeDuplicateKeys, provablyNoDuplicates, type MemberMeasure } from './json-duplicate-keys.js';
import { journalEntryToEvent } from './journal-entry.js';
import { parseJsonObjectEvent } from './json-object.js';
import type { ParseContext, ParsedEvent } from './types.js';

type FieldLimit = Pick<LimitsConfig, 'max_field_bytes'>;

export function parseJournaldJson(data: Buffer, ctx: ParseContext, limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits): ParsedEvent {
  return parseJsonObjectEvent(data, 'journald', 'journald JSON', (obj, text) => parseJournaldObject(obj, ctx, limits, text));
}

/**
 * For callers that already JSON.parse'd the entry (the auto-detector). With the `text` it was
 * parsed from, a key the text holds more than once is read as a repeated field (all its values,
 * as journalctl writes one) instead of JSON.parse's last value.
 */
export function parseJournaldObject(
  obj: Record<string, unknown>,
  ctx: ParseContext,
  limits: FieldLimit = ctx.limits ?? DEFAULT_CONFIG.limits,
  text?: string,
  /** Envelope fields to put first in `fields` (journalEntryToEvent). */
  leading?: Record<string, string>,
): ParsedEvent {
  if (text === undefined) return journalEntryToEvent(obj, 'journald', limits.max_field_bytes, null, undefined, leading);
  const measure: MemberMeasure = { chars: 0, stringsOnly: true };
  const ev = journalEntryToEvent(obj, 'journald', limits.max_field_bytes, null, measure, leading);
  if (provablyNoDuplicates(text, measure)) return ev;
  const merged = mergeDuplicateKeys(obj, text);
  return merged === null ? ev : journalEntryToEvent(merged, 'journald', limits.max_field_bytes, null, undefined, leading);
}
