import { rawSourceOf } from '../pipeline/raw-source.js';
import type { LogRecord } from '../shared/record.js';
import type { Row } from './parquet-encode.js';

/** A quarantine row: the record's identity and error with the raw bytes as framed. */
export function quarantineRow(record: LogRecord): Row {
  const raw = rawSourceOf(record);
  // Without the raw event (a record built outside the pipeline) the message is the raw input.
  const bytes = raw?.data ?? Buffer.from(record.message, record.message_encoding === 'base64' ? 'base64' : 'utf8');
  return {
    event_id: record.event_id,
    time: record.time,
    received_time: record.received_time,
    host: record.host,
    source_format: record.source_format,
    source_identity: raw?.identity ?? 'unknown',
    error: record.parse_error,
    raw: bytes,
    raw_size: bytes.length,
  };
}
