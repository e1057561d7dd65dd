import type { RawEvent } from '../../functions/decode/raw-event.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { emptyParsedEvent, type ParsedEvent } from '../../functions/parse/types.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';

let counter = 0;

/** Already in record form (µs, UTC): kept as is so microseconds survive. */
const RECORD_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/**
 * A record as the pipeline would build it from an event with this message, for detector tests
 * that start from message text. `time` is RFC 3339 (any precision); other fields optional.
 */
export function recordFromMessage(
  message: string,
  opts: Partial<Omit<ParsedEvent, 'message' | 'time'>> & { time?: string | null; cluster?: string; identity?: string } = {},
): LogRecord {
  const { time, cluster, identity, ...rest } = opts;
  const parsed: ParsedEvent = {
    ...emptyParsedEvent(opts.source_format ?? 'plain', message),
    ...rest,
    time: time == null ? null : RECORD_TIME.test(time) ? time : new Date(time).toISOString().replace('Z', '000Z'),
  };
  const raw: RawEvent = {
    data: Buffer.from(message),
    identity: identity ?? `test-record:${counter++}`,
    receivedTime: new Date('2026-11-26T00:00:00Z'),
  };
  return buildRecord(parsed, raw, DEFAULT_CONFIG, cluster ? { cluster } : {});
}
