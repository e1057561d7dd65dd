import { describe, expect, it } from 'vitest';
import { expandCloudWatchEvents, readCloudWatchEnvelope } from '../../functions/decode/cloudwatch.js';
import { frameBuffer } from '../../functions/decode/framer.js';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { framerOptions } from './helpers.js';

/** Laid out like the decoded payload in the AWS docs (pretty-printed, owner first); our own values. */
const DOC_SHAPED_ENVELOPE = `{
    "owner": "111122223333",
    "logGroup": "CloudTrail/logs",
    "logStream": "111122223333_CloudTrail/logs_us-east-1",
    "subscriptionFilters": [
        "Destination"
    ],
    "messageType": "DATA_MESSAGE",
    "logEvents": [
        {
            "id": "31953106606966983378809025079804211143289615424298221568",
            "timestamp": 1432826855000,
            "message": "{\\"eventVersion\\":\\"1.03\\",\\"userIdentity\\":{\\"type\\":\\"Root\\"}}"
        },
        {
            "id": "31953106606966983378809025079804211143289615424298221569",
            "timestamp": 1432826855000,
            "message": "{\\"eventVersion\\":\\"1.03\\",\\"userIdentity\\":{\\"type\\":\\"Root\\"}}"
        }
    ]
}
`;

function rawOf(data: Buffer): RawEvent {
  return { data, identity: 'file:envelope.json:0', receivedTime: new Date('2026-11-26T00:00:00Z') };
}

describe('CloudWatch Logs envelopes from files and streams', () => {
  it('a pretty-printed envelope is framed whole, then opened into its log events', () => {
    const framed = frameBuffer(Buffer.from(DOC_SHAPED_ENVELOPE), framerOptions({ format: 'cloudwatch' }));
    expect(framed).toHaveLength(1);
    const events = expandCloudWatchEvents(rawOf(framed[0].data));
    expect(events).not.toBeNull();
    expect(events!.map((e) => e.identity)).toEqual([
      'cwl:31953106606966983378809025079804211143289615424298221568',
      'cwl:31953106606966983378809025079804211143289615424298221569',
    ]);
    expect(events![0].data.toString()).toBe('{"eventVersion":"1.03","userIdentity":{"type":"Root"}}');
    expect(events![0].envelope?.cloudwatch_log_group).toBe('CloudTrail/logs');
    expect(events![0].envelopeTimeMs).toBe(1432826855000);
    expect(events![0].receivedTime.toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('ordinary events are not envelopes; control messages open into nothing', () => {
    expect(expandCloudWatchEvents(rawOf(Buffer.from('{"MESSAGE":"hi","PRIORITY":"6"}')))).toBeNull();
    expect(expandCloudWatchEvents(rawOf(Buffer.from('<13>messageType')))).toBeNull();
    const control = '{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1432826855000,"message":"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."}]}';
    expect(readCloudWatchEnvelope(Buffer.from(control)).kind).toBe('control');
    expect(expandCloudWatchEvents(rawOf(Buffer.from(control)))).toEqual([]);
  });

  it('a broken envelope becomes one event carrying the error and its bytes', () => {
    const broken = Buffer.from('{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","logEvents":[{"id":"1"');
    const events = expandCloudWatchEvents(rawOf(broken));
    expect(events).toHaveLength(1);
    expect(events![0].decodeError).toMatch(/^corrupt CloudWatch Logs envelope: /);
    expect(events![0].data).toBe(broken);
    expect(events![0].identity).toBe('file:envelope.json:0');
  });

  it('a log event message over the limit is cut with an error', () => {
    const env = JSON.stringify({ messageType: 'DATA_MESSAGE', owner: 'o', logGroup: 'g', logStream: 's', subscriptionFilters: [], logEvents: [{ id: '7', timestamp: 1, message: 'y'.repeat(40) }] });
    const [ev] = expandCloudWatchEvents(rawOf(Buffer.from(env)), 16)!;
    expect(ev.data.toString()).toBe('y'.repeat(16));
    expect(ev.decodeError).toBe('event exceeds 16 bytes; cut');
  });

  it('one malformed log event in a file envelope is an error event; the others come out as themselves', () => {
    const env = JSON.stringify({
      messageType: 'DATA_MESSAGE', owner: 'o', logGroup: 'g', logStream: 's', subscriptionFilters: [],
      logEvents: [{ id: '1', timestamp: 1, message: 'one' }, { id: '2', message: 'no timestamp' }, { id: '3', timestamp: 3, message: 'three' }],
    });
    const events = expandCloudWatchEvents(rawOf(Buffer.from(env)))!;
    expect(events.map((e) => [e.identity, e.decodeError ?? e.data.toString()])).toEqual([
      ['cwl:1', 'one'],
      ['file:envelope.json:0:1', 'not a valid CloudWatch Logs log event: logEvents[1]: timestamp is not a number'],
      ['cwl:3', 'three'],
    ]);
    expect(JSON.parse(events[1].data.toString())).toEqual({ id: '2', message: 'no timestamp' });
  });
});
