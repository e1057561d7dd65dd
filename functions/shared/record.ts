/**
 * The normalized log record. `schemas/log-record.schema.json` is the source of truth;
 * this type mirrors it field for field (a test checks that the two agree).
 */
export type SourceFormat =
  | 'journald'
  | 'journal_export'
  | 'filebeat'
  | 'rfc5424'
  | 'rfc3164'
  | 'cloudwatch'
  | 'plain';

/** How `message` is encoded when the source bytes were not plain UTF-8 text. */
export type MessageEncoding = 'c-escaped' | 'base64';

export type StructuredData = Record<string, Record<string, string>>;

export interface LogRecord {
  event_id: string;
  time: string | null;
  received_time: string;
  host: string | null;
  cluster: string | null;
  source_format: SourceFormat;
  transport: string | null;
  app: string | null;
  procid: string | null;
  pid: number | null;
  unit: string | null;
  facility: number;
  facility_name: string;
  severity: number;
  severity_name: string;
  facility_received: number | null;
  severity_received: number | null;
  corrections: string[];
  msgid: string | null;
  structured_data: StructuredData | null;
  message: string;
  /** null: `message` is the text as received. Otherwise how the raw bytes were made into text. */
  message_encoding: MessageEncoding | null;
  parse_error: string | null;
  version: number | null;
  fields: Record<string, string>;
}
