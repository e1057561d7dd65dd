import type { SourceFormat } from '../shared/record.js';
import { unreadableEvent } from './journal-entry.js';
import type { ParsedEvent } from './types.js';

/** A JSON object read from an event's bytes (with the text it was parsed from), or why the bytes are not one. */
export type JsonObjectReading = { object: Record<string, unknown>; text: string } | { error: string };

export function readJsonObject(data: Buffer): JsonObjectReading {
  const text = data.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: (err as Error).message };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
  return { object: value as Record<string, unknown>, text };
}

/**
 * A JSON-object format's parser over raw bytes: reads the object, maps it, and turns any
 * failure into a record with `parse_error` that keeps the bytes.
 */
export function parseJsonObjectEvent(
  data: Buffer,
  format: SourceFormat,
  label: string,
  fromObject: (object: Record<string, unknown>, text: string) => ParsedEvent,
): ParsedEvent {
  const reading = readJsonObject(data);
  if ('error' in reading) return unreadableEvent(format, data, `${label}: ${reading.error}`);
  try {
    return fromObject(reading.object, reading.text);
  } catch (err) {
    return unreadableEvent(format, data, `${label}: ${(err as Error).message}`);
  }
}
