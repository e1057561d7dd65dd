export const USAGE = `logsift — journald and syslog into normalized records and incident findings

Usage:
  logsift parse  [options] [FILE...|-]   one NDJSON record per event, in input order
  logsift detect [options] [FILE...|-]   parse, merge files in event-time order, detect;
                                         one NDJSON finding per incident
  logsift run    [options] [FILE...|-] [--store DIR] [--json]
                                         parse, detect and write Parquet tables into the
                                         store (each event once: re-runs add nothing); summary
  logsift compact [--store DIR]         merge each table hour's small objects into one
                                         (run does this for what it wrote); per table:
                                         objects before and after
  logsift query "SQL" [--store DIR] [--json|--csv]
                                         DuckDB SQL over the store's tables logs,
                                         logs_auth, quarantine, findings and the view
                                         findings_latest (read-only)
  logsift findings [--store DIR] [--type T] [--since DURATION] [--json|--csv]
                                         the store's findings (latest versions), oldest first
  logsift report [--store DIR] [--out FILE] [--type T] [--since DURATION]
                                         one self-contained HTML page: overview, and each
                                         finding with its timeline and evidence (default
                                         FILE: report.html in the store; docs/report.md)
  logsift ship --stream NAME [options] [-]
                                         the journal into Kinesis (see logsift ship --help)
  logsift replay --from-dlq QUEUE_URL [options]
                                         re-run the batches the ingest function gave up on
                                         (see logsift replay --help)
  logsift rules [--config FILE] [--json] | --check RULES_FILE
                                         the detection rules in effect, or check a rules file
  logsift --help | --version

Options:
  --format F         auto (default) | journald | journal-export | filebeat | rfc5424 |
                     rfc3164 | cloudwatch | plain
  --framing M        lines (default) | octet-counted (RFC 6587: "LEN SP MSG")
  --host H           host for events that name none
  --cluster C        cluster for every record (wins over the config's host mapping)
  --tz ZONE          zone for timestamps without offset, on hosts the config gives none
                     (IANA name such as Europe/Berlin; default UTC)
  --received-time T  RFC 3339 time to record as received_time (default: now)
  --config FILE      JSON config (schemas/config.schema.json)
  --store DIR        the Parquet store (default ./logsift-data)
  --json, --csv      query/findings: NDJSON (one object per row) or CSV instead of a table;
                     run: the summary as one JSON object
  --out FILE         report: the HTML file to write
  --type T           findings, report: only this type (etcd_leader_churn, oom_kill, cert_expired, ...)
  --since DURATION   findings, report: only those with evidence in the last DURATION (15m, 2h, 7d)
  --wait SECONDS     run, compact: how long to wait while another run writes the store (default 60)

With no FILE, or FILE '-', reads standard input.
Exit status: 0 when the input was read (records may carry parse_error);
1 for I/O errors and for query errors (no store, bad SQL, unknown table); 2 for usage errors.`;
