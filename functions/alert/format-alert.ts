import type { Finding } from '../detect/types.js';

/** One page: what SNS publishes for a finding. */
export interface Alert {
  subject: string;
  /** Human-readable text, then the finding as JSON. */
  message: string;
  /** SNS message attributes subscribers filter on. */
  attributes: { type: string; severity: string; cluster: string };
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
const SUBJECT_MAX = 100;
/** SNS messages are at most 256 KiB; leave room for attributes and envelope. */
const MESSAGE_MAX_BYTES = 240 * 1024;
/** The attribute value for findings without a cluster (SNS attribute values cannot be empty). */
export const NO_CLUSTER = 'none';

/** Where the finding's HTML page is: its key in the tables bucket, and the bucket and region when known. */
export interface FindingPageLink {
  key: string;
  bucket?: string;
  region?: string;
}

/** The S3 console's page of one object (it opens the object's overview, with Open and Download). */
export function consoleUrl(bucket: string, key: string, region?: string): string {
  const q = `${region !== undefined ? `region=${encodeURIComponent(region)}&` : ''}prefix=${encodeURIComponent(key)}`;
  return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(bucket)}?${q}`;
}

function pageLines(page: FindingPageLink | undefined): string[] {
  if (page === undefined) return [];
  if (page.bucket === undefined) return [`Page: ${page.key} (in the tables bucket; a timeline of the evidence)`];
  return [`Page: s3://${page.bucket}/${page.key} (a timeline of the evidence)`, `Console: ${consoleUrl(page.bucket, page.key, page.region)}`];
}

/** The finding as a page: what happened, where, when, how much evidence, cause and remediation, then the JSON. */
export function formatAlert(f: Finding, page?: FindingPageLink): Alert {
  const where = [f.cluster !== null ? `cluster ${f.cluster}` : null, f.host !== null ? `host ${f.host}` : null].filter((w) => w !== null).join(', ');
  const cause = typeof f.details.suspected_cause === 'string' ? f.details.suspected_cause : null;
  if (f.status === 'resolved') return withJson(f, subjectOf(f, where), resolvedLines(f, where));
  const lines = [
    `${f.severity.toUpperCase()} ${f.type}${where ? ` on ${where}` : ''}`,
    '',
    `What: ${f.summary}`,
    `Where: ${where || 'unknown (the records named no host or cluster)'}`,
    `When: ${f.time} to ${f.time_end} (event time, UTC)`,
    `Evidence: ${f.evidence.length} record${f.evidence.length === 1 ? '' : 's'} (event_id list in the JSON below; query the logs table by event_id)`,
    ...(cause !== null ? [`Suspected cause: ${cause}`] : []),
    `Remediation: ${f.remediation}`,
    ...pageLines(page),
    `Finding id: ${f.finding_id} (later versions of this finding page again only if its severity rises)`,
    '',
    'Finding (JSON):',
  ];
  return withJson(f, subjectOf(f, where), lines);
}

/** The one message a resolved incident sends: what it was, how long it lasted and what ended it. */
function resolvedLines(f: Finding, where: string): string[] {
  const by = f.details.resolved_by;
  const how =
    by === 'recovery_line' ? 'a recovery line was logged' : by === 'quiet' ? `no matching record for ${String(f.details.quiet_seconds ?? '?')} s` : 'the detector ended it';
  return [
    `RESOLVED ${f.severity.toUpperCase()} ${f.type}${where ? ` on ${where}` : ''}`,
    '',
    `What: ${f.summary}`,
    `Where: ${where || 'unknown (the records named no host or cluster)'}`,
    `When: ${f.time} to ${f.last_seen} (last seen); resolved at ${f.time_end} (event time, UTC): ${how}`,
    `Evidence: ${f.evidence.length} record${f.evidence.length === 1 ? '' : 's'} (event_id list in the JSON below)`,
    `Finding id: ${f.finding_id} (this is its one resolution message)`,
    '',
    'Finding (JSON):',
  ];
}

function withJson(f: Finding, subject: string, lines: string[]): Alert {
  const head = lines.join('\n') + '\n';
  let json = JSON.stringify(f, null, 2);
  if (Buffer.byteLength(head) + Buffer.byteLength(json) > MESSAGE_MAX_BYTES) {
    // Details are the only open-ended part; the findings table keeps them whole.
    json = JSON.stringify({ ...f, details: { truncated: 'too large for SNS; see the findings table' } }, null, 2);
  }
  return {
    subject,
    message: head + json,
    attributes: { type: f.type, severity: f.severity, cluster: f.cluster ?? NO_CLUSTER },
  };
}

function subjectOf(f: Finding, where: string): string {
  const text = `[logsift] ${f.status === 'resolved' ? 'RESOLVED ' : ''}${f.severity.toUpperCase()} ${f.type}${where ? ` on ${where}` : ''}`;
  // Anything outside printable ASCII (host names come from log data) becomes '?'.
  let out = '';
  for (const ch of text) out += ch >= ' ' && ch <= '~' ? ch : '?';
  return out.length > SUBJECT_MAX ? out.slice(0, SUBJECT_MAX - 1) + '~' : out;
}
