import type { RawEvent } from '../decode/raw-event.js';
import { bytesToText } from '../shared/text.js';
import { formatMillis } from '../shared/time.js';
import { detectFormat } from './detect-format.js';
import { parseFilebeat, parseFilebeatObject } from './filebeat.js';
import { parseJournaldJson, parseJournaldObject } from './journald-json.js';
import { parseJournalExport } from './journal-export.js';
import { parseFluentBitSystemdObject } from './fluent-bit-systemd.js';
import { parseKinesisAgentSyslogObject } from './kinesis-agent-syslog.js';
import { parsePlain } from './plain.js';
import { parseVectorJournaldObject } from './vector-journald.js';
import { looksLikeRfc3164, parseRfc3164 } from './rfc3164.js';
import { parseRfc5424, parseRfc5424WithoutPri } from './rfc5424.js';
import { emptyParsedEvent, type FormatOption, type ParseContext, type ParsedEvent } from './types.js';

/**
 * Parses one framed event with the forced format, or the detected one for `auto`.
 * Never throws: an event that cannot be decoded becomes a record with `parse_error` and its
 * raw bytes kept (base64 when they are not text).
 */
export function parseEvent(raw: RawEvent, format: FormatOption, ctx: ParseContext): ParsedEvent {
  if (raw.decodeError !== undefined) return undecodable(raw, raw.decodeError);
  let ev: ParsedEvent;
  try {
    ev = dispatch(raw.data, format, ctx, raw.envelope);
  } catch (err) {
    // A parser bug must not lose the event or the batch.
    return undecodable(raw, `internal parser error: ${(err as Error).message}`);
  }
  if (raw.envelopeFormat === 'cloudwatch') {
    if (ev.source_format === 'plain') ev.source_format = 'cloudwatch';
    if (ev.time === null && raw.envelopeTimeMs !== undefined) ev.time = formatMillis(raw.envelopeTimeMs);
  }
  return ev;
}

/** Parsers that take the event's bytes, by the CLI's format names. */
const BYTE_PARSERS: Record<Exclude<FormatOption, 'auto' | 'cloudwatch'>, (data: Buffer, ctx: ParseContext) => ParsedEvent> = {
  journald: parseJournaldJson,
  'journal-export': parseJournalExport,
  filebeat: parseFilebeat,
  rfc5424: parseRfc5424,
  rfc3164: parseRfc3164,
  plain: parsePlain,
};

/** `envelope`: fields the record will carry first; a parser may put them there itself (saves the pipeline a copy). */
function dispatch(data: Buffer, format: FormatOption, ctx: ParseContext, envelope?: Record<string, string>): ParsedEvent {
  if (format !== 'auto' && format !== 'cloudwatch') return BYTE_PARSERS[format](data, ctx);
  const detected = detectFormat(data, looksLikeRfc3164);
  switch (detected.format) {
    case 'journald':
      return parseJournaldObject(detected.object, ctx, undefined, detected.text, envelope);
    case 'filebeat':
      return parseFilebeatObject(detected.object, ctx);
    case 'journald-broken':
      return parseJournaldJson(data, ctx);
    case 'filebeat-broken':
      return parseFilebeat(data, ctx);
    case 'rfc5424-without-pri':
      return parseRfc5424WithoutPri(data, ctx);
    case 'vector':
      return parseVectorJournaldObject(detected.object, ctx);
    case 'fluent-bit':
      return parseFluentBitSystemdObject(detected.object, ctx);
    case 'kinesis-agent':
      return parseKinesisAgentSyslogObject(detected.object, ctx);
    case 'cloudwatch_envelope':
      // Envelopes are opened by the decode stage; one that reaches a parser is kept whole.
      return parsePlain(data, ctx);
    default:
      return BYTE_PARSERS[detected.format](data, ctx);
  }
}

/** The record for bytes that could not be decoded or framed: error stated, bytes kept. */
export function undecodable(raw: RawEvent, error: string): ParsedEvent {
  const { text, escaped } = bytesToText(raw.data);
  const printable = !escaped && !hasControlBytes(raw.data);
  const ev = emptyParsedEvent('plain', printable ? text : raw.data.toString('base64'));
  ev.message_encoding = printable ? null : 'base64';
  ev.parse_error = error;
  return ev;
}

function hasControlBytes(d: Buffer): boolean {
  for (let i = 0; i < d.length; i++) {
    const b = d[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return true;
  }
  return false;
}
