import type { LimitsConfig } from '../shared/config.js';
import type { MessageEncoding, SourceFormat, StructuredData } from '../shared/record.js';

/** Formats a caller may force; `auto` detects per event. Hyphenated as on the CLI. */
export type FormatOption =
  | 'auto'
  | 'journald'
  | 'journal-export'
  | 'filebeat'
  | 'rfc5424'
  | 'rfc3164'
  | 'cloudwatch'
  | 'plain';

/** What a parser needs to know about the world. */
export interface ParseContext {
  /** When the event was received; RFC 3164 infers the missing year from it. */
  receivedTime: Date;
  /** IANA zone (or fixed offset like `UTC+8`) for timestamps that carry no offset; per host. */
  timeZoneFor(host: string | null): string;
  /** Size limits from config; parsers fall back to the defaults when absent. */
  limits?: LimitsConfig;
}

/**
 * A parser's result: everything the wire said, nothing inferred yet. Effective facility and
 * severity, their names, `pid`, `cluster`, ids and corrections are added by normalize.
 */
export interface ParsedEvent {
  source_format: SourceFormat;
  /** RFC 3339 UTC with six fractional digits, or null when the event states no time. */
  time: string | null;
  host: string | null;
  transport: string | null;
  app: string | null;
  procid: string | null;
  unit: string | null;
  /** Exactly as on the wire (0..23), or null when absent or unreadable. */
  facility_received: number | null;
  /** Exactly as on the wire (0..7), or null when absent or unreadable. */
  severity_received: number | null;
  msgid: string | null;
  structured_data: StructuredData | null;
  message: string;
  message_encoding: MessageEncoding | null;
  /** null, or a clear error; then `message` holds the raw input and the other fields the best partial parse. */
  parse_error: string | null;
  version: number | null;
  /** All remaining source fields, original keys, string values. */
  fields: Record<string, string>;
  /** The event's own identity when it has one (journald: `_BOOT_ID` + `__CURSOR`); else the transport's is used. */
  identity: string | null;
  /** Reason codes the parser already knows (e.g. a PRIORITY given as a level name). */
  notes: string[];
}

/** Creates a ParsedEvent with every optional field empty. */
export function emptyParsedEvent(source_format: SourceFormat, message: string): ParsedEvent {
  return {
    source_format,
    time: null,
    host: null,
    transport: null,
    app: null,
    procid: null,
    unit: null,
    facility_received: null,
    severity_received: null,
    msgid: null,
    structured_data: null,
    message,
    message_encoding: null,
    parse_error: null,
    version: null,
    fields: {},
    identity: null,
    notes: [],
  };
}
