import type { RawEvent } from '../../functions/decode/raw-event.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { emptyParsedEvent, type ParseContext, type ParsedEvent } from '../../functions/parse/types.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord, SourceFormat } from '../../functions/shared/record.js';

/** Builders for the normalize tests: events shaped as the parsers produce them, records through buildRecord. */

export const ctx: ParseContext = {
  receivedTime: new Date('2022-11-24T07:47:00Z'),
  timeZoneFor: () => 'Asia/Shanghai',
};

const raw = (n: number): RawEvent => ({
  data: Buffer.from(''),
  identity: `test:normalize:${n}`,
  receivedTime: ctx.receivedTime,
});

let counter = 0;

export function toRecord(ev: ParsedEvent): LogRecord {
  return buildRecord(ev, raw(counter++), DEFAULT_CONFIG);
}

export function event(format: SourceFormat, message: string, patch: Partial<ParsedEvent> = {}): ParsedEvent {
  return { ...emptyParsedEvent(format, message), ...patch };
}

/** A journald entry of a system service (`<name>.service` in system.slice). */
export function systemServiceEntry(app: string, transport: string, message: string, patch: Partial<ParsedEvent> = {}): ParsedEvent {
  return event('journald', message, {
    host: 'node1',
    transport,
    app,
    unit: `${app}.service`,
    procid: '100',
    fields: { _SYSTEMD_SLICE: 'system.slice', _SYSTEMD_CGROUP: `/system.slice/${app}.service` },
    ...patch,
  });
}

/** A journald entry from a user's login session (as `systemd-cat` or a shell pipe produces). */
export function sessionEntry(app: string, transport: string, message: string, patch: Partial<ParsedEvent> = {}): ParsedEvent {
  return event('journald', message, {
    host: 'node1',
    transport,
    app,
    unit: 'session-2.scope',
    procid: '235728',
    fields: {
      _SYSTEMD_SLICE: 'user-1000.slice',
      _SYSTEMD_CGROUP: '/user.slice/user-1000.slice/session-2.scope',
      _SYSTEMD_USER_SLICE: '-.slice',
      _SYSTEMD_SESSION: '2',
    },
    ...patch,
  });
}

/** A syslog line as the RFC 3164 parser leaves it: PRI split, tag as app, no unit. */
export function syslogLine(pri: number | null, app: string | null, message: string, format: SourceFormat = 'rfc3164'): ParsedEvent {
  return event(format, message, {
    host: 'node1',
    app,
    facility_received: pri === null ? null : pri >> 3,
    severity_received: pri === null ? null : pri & 7,
  });
}

/** The effective priority of an event with the default rules, read from the record buildRecord makes. */
export function decide(ev: ParsedEvent): { facility: number; severity: number; corrections: string[] } {
  const { facility, severity, corrections } = toRecord(ev);
  return { facility, severity, corrections };
}
