/**
 * Amazon Kinesis Agent's LOGTOJSON with logFormat SYSLOG or RFC3339SYSLOG (SysLogParser,
 * PatternConstants.SYSLOG_BASE / RFC3339_SYSLOG_BASE): the line
 * `TIMESTAMP HOSTNAME PROGRAM[PID]: MESSAGE` becomes {timestamp, hostname, program, processid,
 * message}; processid is null without `[PID]`. Put back into that line, it takes the syslog
 * path, so the record is the one the rsyslog line gives.
 */
import { parseRfc3164 } from './rfc3164.js';
import type { ParseContext, ParsedEvent } from './types.js';

export function parseKinesisAgentSyslogObject(o: Record<string, unknown>, ctx: ParseContext): ParsedEvent {
  const pid = typeof o.processid === 'string' && o.processid !== '' ? `[${o.processid}]` : '';
  const line = `${String(o.timestamp)} ${String(o.hostname)} ${String(o.program)}${pid}: ${String(o.message)}`;
  return parseRfc3164(Buffer.from(line), ctx);
}
