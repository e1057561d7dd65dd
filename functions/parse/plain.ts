import { bytesToText } from '../shared/text.js';
import { leadingTime } from './leading-time.js';
import { emptyParsedEvent, type ParseContext, type ParsedEvent } from './types.js';

/**
 * Anything that is no known format: the line is the message, and it is not an error. When the
 * line starts with a time a program wrote (capnslog, Go log, RFC 3339, zap JSON), that is the
 * event time; otherwise the time is unknown (null).
 */
export function parsePlain(data: Buffer, ctx: ParseContext): ParsedEvent {
  const { text, escaped } = bytesToText(data);
  const ev = emptyParsedEvent('plain', text);
  if (escaped) ev.message_encoding = 'c-escaped';
  ev.time = leadingTime(text, ctx.timeZoneFor(null));
  return ev;
}
