import type { Finding } from '../detect/types.js';
import type { LogRecord } from '../shared/record.js';
import type { ObjectSink } from '../sinks/object-sink.js';
import { renderFindingDocument } from './render-html.js';
import type { EvidenceRecord } from './report-data.js';

/** Where each finding's page lives in the tables bucket: one stable key per finding_id, replaced as it grows. */
export const FINDING_PAGES_PREFIX = 'reports/findings/';

export function findingPageKey(findingId: string): string {
  return `${FINDING_PAGES_PREFIX}${findingId}.html`;
}

export const FINDING_PAGE_CONTENT_TYPE = 'text/html; charset=utf-8';

export function evidenceRecord(r: LogRecord): EvidenceRecord {
  return { event_id: r.event_id, time: r.time, host: r.host, app: r.app, severity_name: r.severity_name, message: r.message, message_encoding: r.message_encoding };
}

/**
 * The ingest function's pages: each new or changed finding of the batch as one self-contained
 * HTML page (the report's finding section), with the evidence records this batch holds. Evidence
 * that arrived in earlier batches is counted on the page, not fetched: the function reads no
 * tables back, and the page reads nothing when it is viewed.
 */
export async function writeFindingPages(findings: readonly Finding[], records: readonly LogRecord[], objects: ObjectSink, writtenAt: Date): Promise<string[]> {
  if (findings.length === 0) return [];
  const wanted = new Set(findings.flatMap((f) => f.evidence));
  const byId = new Map<string, EvidenceRecord>();
  for (const r of records) if (wanted.has(r.event_id) && !byId.has(r.event_id)) byId.set(r.event_id, evidenceRecord(r));
  const keys: string[] = [];
  for (const finding of findings) {
    const evidence = finding.evidence.map((id) => byId.get(id)).filter((r): r is EvidenceRecord => r !== undefined);
    evidence.sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : 0));
    const page = renderFindingDocument(
      {
        finding,
        evidence,
        missing: finding.evidence.length - evidence.length,
        missingWhere: 'arrived in earlier batches (query the logs table by the event_ids in the finding)',
      },
      writtenAt.toISOString(),
      'the ingest function (the records of the batch that emitted this version of the finding)',
    );
    const key = findingPageKey(finding.finding_id);
    await objects.put(key, Buffer.from(page, 'utf8'), FINDING_PAGE_CONTENT_TYPE);
    keys.push(key);
  }
  return keys;
}
