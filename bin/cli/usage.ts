export const USAGE = `logsift — journald and syslog into normalized records and incident findings

Usage:
  logsift parse  [options] [FILE...|-]   one NDJSON record per event, in input order
  logsift detect [options] [FILE...|-]   parse, merge files in event-time order, detect;
                                         one NDJSON finding per incident
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

With no FILE, or FILE '-', reads standard input.
Exit status: 0 when the input was read (records may carry parse_error);
1 for I/O errors; 2 for usage errors.`;
