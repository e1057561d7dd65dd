import { jsonText } from '../shared/json-text.js';
import { oversizeError } from './framed-event.js';
import type { RawEvent } from './raw-event.js';

/**
 * CloudWatch Logs subscription envelopes (what a subscription filter delivers to Kinesis,
 * gzip-compressed JSON): `messageType`, `owner`, `logGroup`, `logStream`, `subscriptionFilters`,
 * `logEvents[{id, timestamp, message}]`. CONTROL_MESSAGE envelopes only check the destination.
 */
export interface CloudWatchLogEvent {
  id: string;
  timestamp: number;
  message: string;
}

export type EnvelopeReading =
  | { kind: 'not-envelope' }
  | { kind: 'control' }
  /** `logEvents` as delivered: each is checked when it is turned into an event, so one bad entry spoils only itself. */
  | { kind: 'data'; owner: string; logGroup: string; logStream: string; logEvents: readonly unknown[] }
  | { kind: 'invalid'; error: string }
  /** Starts as CloudWatch serializes an envelope but is longer than the caller lets be parsed whole. */
  | { kind: 'too-large'; error: string };

const NOT_ENVELOPE: EnvelopeReading = { kind: 'not-envelope' };
const MESSAGE_TYPE_KEY = Buffer.from('"messageType"');
/** How CloudWatch serializes an envelope; bytes starting so are an envelope even when corrupt. */
const ENVELOPE_START = Buffer.from('{"messageType":');

/**
 * Reads bytes as an envelope. Cheap for other JSON: only bytes naming `"messageType"` are parsed.
 * JSON.parse holds the whole text and every log event at once, about three times the bytes, so
 * bytes over `maxParseBytes` are not parsed: `too-large` when they start like an envelope,
 * otherwise not an envelope.
 */
export function readCloudWatchEnvelope(data: Buffer, maxParseBytes = Number.POSITIVE_INFINITY): EnvelopeReading {
  let p = 0;
  while (p < data.length && (data[p] === 0x20 || data[p] === 0x0a || data[p] === 0x0d || data[p] === 0x09)) p++;
  if (data[p] !== 0x7b || data.indexOf(MESSAGE_TYPE_KEY, p) === -1) return NOT_ENVELOPE;
  if (data.length > maxParseBytes) {
    if (!data.subarray(p, p + ENVELOPE_START.length).equals(ENVELOPE_START)) return NOT_ENVELOPE;
    return { kind: 'too-large', error: `CloudWatch Logs envelope of ${data.length} bytes is over the ${maxParseBytes}-byte bound for parsing one` };
  }
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (err) {
    const looksLikeEnvelope = data.subarray(p, p + ENVELOPE_START.length).equals(ENVELOPE_START);
    return looksLikeEnvelope ? { kind: 'invalid', error: `corrupt CloudWatch Logs envelope: ${(err as Error).message}` } : NOT_ENVELOPE;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return NOT_ENVELOPE;
  const o = value as Record<string, unknown>;
  // A log event may carry its own `messageType`; an envelope also has the envelope's keys.
  if (typeof o.messageType !== 'string' || !('logEvents' in o || 'logGroup' in o || 'subscriptionFilters' in o)) {
    return NOT_ENVELOPE;
  }
  if (o.messageType === 'CONTROL_MESSAGE') return { kind: 'control' };
  if (o.messageType !== 'DATA_MESSAGE') return invalid(`unknown messageType ${JSON.stringify(o.messageType)}`);
  for (const key of ['owner', 'logGroup', 'logStream'] as const) {
    if (typeof o[key] !== 'string') return invalid(`${key} is not a string`);
  }
  if (!Array.isArray(o.logEvents)) return invalid('logEvents is not an array');
  return {
    kind: 'data',
    owner: o.owner as string,
    logGroup: o.logGroup as string,
    logStream: o.logStream as string,
    logEvents: o.logEvents,
  };
}

function invalid(why: string): EnvelopeReading {
  return { kind: 'invalid', error: `not a valid CloudWatch Logs envelope: ${why}` };
}

function logEventProblem(ev: unknown): string | null {
  if (ev === null || typeof ev !== 'object') return 'not an object';
  const e = ev as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id.length === 0) return 'id is not a non-empty string';
  if (typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) return 'timestamp is not a number';
  if (typeof e.message !== 'string') return 'message is not a string';
  return null;
}

/**
 * One RawEvent per log event, identified by CloudWatch's own event id (unique and stable across
 * redeliveries), with the envelope's metadata for `fields`. A malformed log event becomes an
 * error event with its JSON text, identified by `identityOf(index)`; the others are unaffected.
 */
export function logEventsToRawEvents(
  reading: Extract<EnvelopeReading, { kind: 'data' }>,
  receivedTime: Date,
  maxEventBytes: number,
  identityOf: (index: number) => string,
  from = 0,
  to = reading.logEvents.length,
): RawEvent[] {
  const out: RawEvent[] = [];
  for (let i = from; i < to; i++) {
    const ev = reading.logEvents[i];
    const problem = logEventProblem(ev);
    if (problem !== null) {
      out.push(malformedLogEvent(ev, i, problem, identityOf(i), receivedTime, maxEventBytes));
      continue;
    }
    const good = ev as CloudWatchLogEvent;
    const data = Buffer.from(good.message, 'utf8');
    const raw: RawEvent = {
      data,
      identity: `cwl:${good.id}`,
      receivedTime,
      envelope: {
        cloudwatch_log_group: reading.logGroup,
        cloudwatch_log_stream: reading.logStream,
        cloudwatch_owner: reading.owner,
        cloudwatch_id: good.id,
      },
      envelopeTimeMs: good.timestamp,
      envelopeFormat: 'cloudwatch',
    };
    if (data.length > maxEventBytes) {
      raw.data = data.subarray(0, maxEventBytes);
      raw.decodeError = oversizeError(maxEventBytes);
    }
    out.push(raw);
  }
  return out;
}

function malformedLogEvent(ev: unknown, index: number, problem: string, identity: string, receivedTime: Date, max: number): RawEvent {
  const data = Buffer.from(jsonText(ev), 'utf8');
  const cut = data.length > max;
  return {
    data: cut ? data.subarray(0, max) : data,
    identity,
    receivedTime,
    decodeError: `not a valid CloudWatch Logs log event: logEvents[${index}]: ${problem}${cut ? `; first ${max} bytes kept` : ''}`,
  };
}

/**
 * For an event framed from a file or stream: the log events when it is a CloudWatch envelope
 * ([] for a control message), a single error event when it is a broken one, null otherwise.
 */
export function expandCloudWatchEvents(raw: RawEvent, maxEventBytes = raw.data.length): RawEvent[] | null {
  const reading = readCloudWatchEnvelope(raw.data);
  switch (reading.kind) {
    case 'not-envelope':
      return null;
    case 'control':
      return [];
    case 'invalid':
    case 'too-large':
      return [{ ...raw, decodeError: reading.error }];
    case 'data':
      return logEventsToRawEvents(reading, raw.receivedTime, maxEventBytes, (i) => `${raw.identity}:${i}`);
  }
}
