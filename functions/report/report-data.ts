import type { Finding } from '../detect/types.js';

/** One evidence record as the report shows it: the fields a person reads, from the logs tables. */
export interface EvidenceRecord {
  event_id: string;
  time: string | null;
  host: string | null;
  app: string | null;
  severity_name: string;
  message: string;
  /** As in the record: null, 'c-escaped' or 'base64' (the message is shown as stored, and marked). */
  message_encoding: string | null;
}

/** A finding with the evidence records found for it. */
export interface FindingPage {
  finding: Finding;
  /** The finding's evidence records that were found, oldest first. */
  evidence: EvidenceRecord[];
  /** event_ids of the finding with no record found (not in the tables read, or not in this batch). */
  missing: number;
  /** Where the missing records are, in words (the Lambda: "earlier batches"). */
  missingWhere?: string;
}

/** Counts per hour (`hour` is the hour's start, RFC 3339) and one key (a source format, a severity). */
export interface HourCount {
  hour: string;
  key: string;
  n: number;
}

export interface Overview {
  /** Event time of the first and last record, or null for an empty store. */
  first: string | null;
  last: string | null;
  records: number;
  byFormat: HourCount[];
  bySeverity: HourCount[];
  /** Records with no event time (not in the hourly charts). */
  untimed: number;
  corrections: Array<{ reason: string; n: number }>;
  parseErrors: number;
  quarantined: number;
  /** The most frequent parse errors. */
  topErrors: Array<{ error: string; n: number }>;
}

export interface ReportData {
  title: string;
  /** When the report was written (UTC). */
  generatedAt: string;
  /** What was read, in words (the store path, the filters). */
  source: string;
  overview: Overview | null;
  findings: FindingPage[];
}
