/**
 * The Athena named queries the stack installs. Table and column names are the generated ones
 * (functions/sinks/table-schema.ts); `details` is JSON text, read with json_extract_scalar.
 * `findings_latest` is the view of the newest version of each finding.
 */
export interface NamedQuery {
  name: string;
  description: string;
  sql: string;
}

export function namedQueries(findingsLatestViewSql: string): NamedQuery[] {
  return [
    {
      name: 'create-view-findings-latest',
      description: 'Run once: the view of the newest version of each finding (the same definition logsift query uses).',
      sql: findingsLatestViewSql,
    },
    {
      name: 'leader-churn-per-cluster',
      description: 'etcd leader churn episodes per cluster, last 7 days',
      sql: `SELECT cluster, count(*) AS episodes, sum(CAST(json_extract_scalar(details, '$.changes') AS bigint)) AS leader_changes,
       max(time_end) AS last_seen
FROM findings_latest
WHERE type = 'etcd_leader_churn' AND dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY cluster ORDER BY episodes DESC`,
    },
    {
      name: 'oom-kills-by-pod',
      description: 'OOM kills by pod and container, last 7 days',
      sql: `SELECT cluster, json_extract_scalar(details, '$.pod') AS pod, json_extract_scalar(details, '$.container_name') AS container,
       count(*) AS kills, max(time) AS last_kill
FROM findings_latest
WHERE type = 'oom_kill' AND dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY 1, 2, 3 ORDER BY kills DESC`,
    },
    {
      name: 'certificates-expiring-soon',
      description: 'Expired, not-yet-valid and expiring certificates, last 3 days',
      sql: `SELECT type, severity, host, cluster, json_extract_scalar(details, '$.scope') AS scope,
       json_extract_scalar(details, '$.subject') AS subject, json_extract_scalar(details, '$.bound_time') AS bound_time, summary
FROM findings_latest
WHERE type IN ('cert_expired', 'cert_not_yet_valid', 'cert_expiring') AND dt >= date_format(current_date - interval '3' day, '%Y-%m-%d')
ORDER BY time DESC`,
    },
    {
      name: 'corrections-by-reason',
      description: 'Facility/severity corrections by reason code, today',
      sql: `SELECT reason, count(*) AS records
FROM logs CROSS JOIN UNNEST(corrections) AS t(reason)
WHERE dt = date_format(current_date, '%Y-%m-%d')
GROUP BY reason ORDER BY records DESC`,
    },
    {
      name: 'parse-errors-by-source',
      description: 'Events that could not be parsed, by source format and host, today',
      sql: `SELECT source_format, host, count(*) AS events, min(parse_error) AS example_error
FROM quarantine
WHERE dt = date_format(current_date, '%Y-%m-%d')
GROUP BY 1, 2 ORDER BY events DESC`,
    },
    {
      name: 'top-noisy-units',
      description: 'The systemd units that log most, this hour',
      sql: `SELECT coalesce(unit, fields['_SYSTEMD_UNIT'], app) AS unit, host, count(*) AS records
FROM logs
WHERE dt = date_format(current_timestamp, '%Y-%m-%d') AND hour = date_format(current_timestamp, '%H')
GROUP BY 1, 2 ORDER BY records DESC LIMIT 50`,
    },
  ];
}
