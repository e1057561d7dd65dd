import { JournalExportSplitter } from '../../../functions/decode/journal-export-splitter.js';
import type { RawEvent } from '../../../functions/decode/raw-event.js';
import type { ParseContext, ParsedEvent } from '../../../functions/parse/types.js';
import { buildRecord } from '../../../functions/pipeline/build-record.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { readCorpus } from '../../support/corpora.js';

export const RECEIVED = new Date('2026-01-02T03:04:05.678Z');

export const ctx: ParseContext = {
  receivedTime: RECEIVED,
  timeZoneFor: () => 'UTC',
};

let n = 0;
/** The normalized record for a parsed event, built the way the pipeline builds it. */
export function record(ev: ParsedEvent): LogRecord {
  const raw: RawEvent = { data: Buffer.alloc(0), identity: `test:journald:${n++}`, receivedTime: RECEIVED };
  return buildRecord(ev, raw, DEFAULT_CONFIG);
}

/** A record without what legitimately differs between renderings of one entry. */
export function comparable(r: LogRecord): Omit<LogRecord, 'event_id' | 'source_format'> {
  const { event_id: _id, source_format: _format, ...rest } = r;
  return rest;
}

/** Lines of a JSON-lines corpus file as parsed objects. */
export function jsonLines(rel: string): Record<string, unknown>[] {
  return readCorpus(rel)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The entries of an export-format corpus file, cut by the splitter (which must see no errors). */
export function exportEntries(rel: string): Buffer[] {
  const splitter = new JournalExportSplitter();
  const blocks = [...splitter.push(readCorpus(rel)), ...splitter.end()];
  for (const b of blocks) if (b.error !== undefined) throw new Error(`${rel}: ${b.error}`);
  return blocks.map((b) => b.data);
}
