import { expandCloudWatchEvents } from '../decode/cloudwatch.js';
import { createFramer } from '../decode/framer.js';
import type { FramedEvent } from '../decode/framed-event.js';
import type { RawEvent } from '../decode/raw-event.js';
import { parseEvent, undecodable } from '../parse/parse-event.js';
import type { FormatOption, ParsedEvent } from '../parse/types.js';
import type { LogsiftConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import { buildRecord, type RecordOverrides } from './build-record.js';
import { ContentIdentities } from './content-identity.js';
import { parseContextFor } from './parse-context.js';

export interface StreamOptions {
  /** Names the source in event identities: a file path, or '-' for stdin. */
  source: string;
  format: FormatOption;
  framing: 'lines' | 'octet-counted';
  receivedTime: Date;
  config: LogsiftConfig;
  overrides?: RecordOverrides;
  /** Zone for hosts the config gives none (CLI `--tz`). */
  defaultZone?: string;
}

/**
 * Bytes in, records out, one batch per input chunk: the CLI's whole pipeline for one source.
 * Memory stays bounded by the chunk size and the framer's event limit.
 */
export async function* recordStream(chunks: AsyncIterable<Buffer>, opts: StreamOptions): AsyncGenerator<LogRecord[]> {
  const framer = createFramer({
    framing: opts.framing,
    format: opts.format,
    maxEventBytes: opts.config.limits.max_event_bytes,
    source: opts.source,
  });
  const toRecords = recordMaker(opts);
  for await (const chunk of chunks) yield* inBatches(framer.push(chunk), toRecords);
  yield* inBatches(framer.end(), toRecords);
}

/**
 * Records are made and handed on a few hundred at a time rather than a whole input chunk (a
 * thousand or more events) at once: what is alive at a young-generation GC, and so copied by
 * it, stays small.
 */
export const RECORD_BATCH = 256;

function* inBatches(events: FramedEvent[], toRecords: (events: FramedEvent[]) => LogRecord[]): Generator<LogRecord[]> {
  if (events.length <= RECORD_BATCH) {
    if (events.length > 0) yield toRecords(events);
    return;
  }
  for (let i = 0; i < events.length; i += RECORD_BATCH) yield toRecords(events.slice(i, i + RECORD_BATCH));
}

/**
 * Framed events -> records: CloudWatch envelopes opened, every event parsed and normalized.
 * The raw identity (`file:<path>:<n>`, `stdin:<n>`) says where an event came from (quarantine's
 * source_identity); an event without an identity of its own gets its event_id from its
 * content instead (content-identity.ts), so the same event read from another path, or at
 * another line, is the same row in the store.
 */
export function recordMaker(opts: StreamOptions): (events: FramedEvent[]) => LogRecord[] {
  const ctx = parseContextFor(opts.config, opts.receivedTime, opts.defaultZone);
  const prefix = opts.source === '-' ? 'stdin:' : `file:${opts.source}:`;
  const opensEnvelopes = opts.format === 'auto' || opts.format === 'cloudwatch';
  const identities = new ContentIdentities();
  const build = (parsed: ParsedEvent, r: RawEvent): LogRecord => {
    // Events opened from a CloudWatch envelope keep the envelope's event id (`cwl:<id>`).
    if (parsed.identity === null && r.identity.startsWith(prefix)) {
      parsed.identity = identities.identityOf(parsed.host ?? opts.overrides?.host ?? null, parsed.time, r.data);
    }
    return buildRecord(parsed, r, opts.config, opts.overrides);
  };
  return (events) => {
    const out: LogRecord[] = [];
    for (const ev of events) {
      const raw: RawEvent = { data: ev.data, identity: prefix + ev.index, receivedTime: opts.receivedTime };
      if (ev.error !== undefined) {
        out.push(build(undecodable(raw, ev.error), raw));
        continue;
      }
      const inner = opensEnvelopes ? expandCloudWatchEvents(raw) : null;
      for (const r of inner ?? [raw]) {
        const format = inner ? 'auto' : opts.format;
        out.push(build(parseEvent(r, format, ctx), r));
      }
    }
    return out;
  };
}
