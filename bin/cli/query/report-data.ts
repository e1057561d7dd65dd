import { timestampTZValue, type DuckDBValue } from '@duckdb/node-api';
import type { Finding } from '../../../functions/detect/types.js';
import type { EvidenceRecord, FindingPage, Overview } from '../../../functions/report/report-data.js';
import { FINDINGS_LATEST_VIEW } from '../../../functions/sinks/views.js';
import type { Cell } from '../result-writers.js';
import { StoreQuery } from './store-query.js';

export interface ReportFilter {
  type?: string;
  /** Only findings with evidence, and records with an event time, in the last this many seconds. */
  sinceSeconds?: number;
}

/** Both record tables: a record is in one of them (routes.auth_facilities picks logs_auth). */
const ALL_LOGS = `(SELECT event_id, time, host, app, severity_name, source_format, corrections, parse_error, message, message_encoding FROM logs
  UNION ALL SELECT event_id, time, host, app, severity_name, source_format, corrections, parse_error, message, message_encoding FROM logs_auth)`;

type Row = Record<string, Cell>;

async function rows(q: StoreQuery, sql: string, params?: Record<string, DuckDBValue>): Promise<Row[]> {
  const out: Row[] = [];
  await q.run(
    sql,
    (columns) => ({
      rows: async (batch) => {
        for (const r of batch) out.push(Object.fromEntries(columns.map((c, i) => [c, r[i]])));
      },
      end: async () => {},
    }),
    params,
  );
  return out;
}

/**
 * What `logsift report` shows, read from the store in a handful of queries: the overview over
 * every record (or those of the last --since), and each finding of findings_latest (filtered by
 * --type and --since) with its evidence records, looked up by event_id.
 */
export async function readReportData(store: string, filter: ReportFilter, now: Date): Promise<{ overview: Overview; findings: FindingPage[] }> {
  const q = await StoreQuery.open(store);
  try {
    const params: Record<string, DuckDBValue> = {};
    const since = filter.sinceSeconds === undefined ? null : timestampTZValue(BigInt(now.getTime() - filter.sinceSeconds * 1000) * 1000n);
    if (since !== null) params.since = since;
    const logs = since === null ? ALL_LOGS : `(SELECT * FROM ${ALL_LOGS} WHERE time >= $since)`;
    const p = since === null ? undefined : params;
    const [totals] = await rows(
      q,
      `SELECT min(time) AS first, max(time) AS last, count(*) AS records, count(*) FILTER (WHERE time IS NULL) AS untimed,
        count(*) FILTER (WHERE parse_error IS NOT NULL) AS parse_errors FROM ${logs}`,
      p,
    );
    const hourly = (column: string) =>
      rows(q, `SELECT date_trunc('hour', time) AS hour, ${column} AS key, count(*) AS n FROM ${logs} WHERE time IS NOT NULL GROUP BY ALL ORDER BY 1, 2`, p);
    const overview: Overview = {
      first: totals.first as string | null,
      last: totals.last as string | null,
      records: totals.records as number,
      untimed: totals.untimed as number,
      parseErrors: totals.parse_errors as number,
      byFormat: (await hourly('source_format')) as unknown as Overview['byFormat'],
      bySeverity: (await hourly('severity_name')) as unknown as Overview['bySeverity'],
      corrections: (await rows(q, `SELECT reason, count(*) AS n FROM (SELECT unnest(corrections) AS reason FROM ${logs}) GROUP BY 1 ORDER BY 2 DESC, 1`, p)) as unknown as Overview['corrections'],
      topErrors: (await rows(q, `SELECT parse_error AS error, count(*) AS n FROM ${logs} WHERE parse_error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`, p)) as unknown as Overview['topErrors'],
      quarantined: (await rows(q, `SELECT count(*) AS n FROM quarantine${since === null ? '' : ' WHERE coalesce(time, received_time) >= $since'}`, p))[0].n as number,
    };

    const where: string[] = [];
    const fParams: Record<string, DuckDBValue> = {};
    if (filter.type !== undefined) {
      where.push('type = $type');
      fParams.type = filter.type;
    }
    if (since !== null) {
      where.push('time_end >= $since');
      fParams.since = since;
    }
    const findingsSql = `SELECT finding_id, type, severity, time, time_end, host, cluster, summary, details, evidence, remediation FROM ${FINDINGS_LATEST_VIEW}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
    const findings = (await rows(q, findingsSql, fParams)).map((r) => ({ ...r, details: JSON.parse(r.details as string) }) as unknown as Finding);
    const evidenceRows = await rows(
      q,
      `WITH ev AS (SELECT DISTINCT unnest(evidence) AS event_id FROM (${findingsSql}))
       SELECT l.event_id, l.time, l.host, l.app, l.severity_name, l.message, l.message_encoding FROM ${ALL_LOGS} AS l JOIN ev USING (event_id) ORDER BY l.time, l.event_id`,
      fParams,
    );
    const byId = new Map<string, EvidenceRecord>();
    for (const r of evidenceRows) if (!byId.has(r.event_id as string)) byId.set(r.event_id as string, r as unknown as EvidenceRecord);
    return { overview, findings: findings.map((f) => findingPage(f, byId)) };
  } finally {
    q.close();
  }
}

/** A finding with the records of its evidence that the tables hold, oldest first. */
export function findingPage(finding: Finding, byId: ReadonlyMap<string, EvidenceRecord>): FindingPage {
  const evidence = finding.evidence.map((id) => byId.get(id)).filter((r): r is EvidenceRecord => r !== undefined);
  evidence.sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : 0));
  return { finding, evidence, missing: finding.evidence.length - evidence.length };
}
