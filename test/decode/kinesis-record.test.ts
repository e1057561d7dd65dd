import * as kinesisAgg from 'aws-kinesis-agg';
import fc from 'fast-check';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeKinesisRecord, newDecodeStats, type DecodeOptions, type KinesisRecordInput } from '../../functions/decode/kinesis-record.js';
import { readCorpus } from '../support/corpora.js';

const SHARD = 'shardId-000000000007';
const SEQ = '49590338271490256608559692538361571095921575989136588898';
const ARRIVAL = 1732579200.25;
const opts: DecodeOptions = { format: 'auto', maxEventBytes: 1024 * 1024 };

function record(data: Buffer | string, over: Partial<KinesisRecordInput> = {}): KinesisRecordInput {
  const b64 = typeof data === 'string' ? data : data.toString('base64');
  return { data: b64, shardId: SHARD, sequenceNumber: SEQ, approximateArrivalTimestamp: ARRIVAL, partitionKey: 'host-a', ...over };
}

function texts(events: { data: Buffer }[]): string[] {
  return events.map((e) => e.data.toString('utf8'));
}

/** The library's aggregator; its .d.ts does not declare it. */
const { RecordAggregator } = kinesisAgg as unknown as {
  RecordAggregator: new () => { addUserRecord(r: { partitionKey: string; data: Buffer }): void; build(): { data: Buffer } };
};

/** A real KPL aggregate built by the library's own aggregator. */
function kplAggregate(userRecords: { partitionKey: string; data: Buffer }[]): Buffer {
  const agg = new RecordAggregator();
  for (const r of userRecords) agg.addUserRecord({ partitionKey: r.partitionKey, data: r.data });
  return agg.build().data;
}

/** Shape of the documented CloudWatch Logs subscription payload (our own values). */
function cloudWatchEnvelope(over: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/eks/prod/cluster',
      logStream: 'kube-apiserver-0a1b2c',
      subscriptionFilters: ['logsift-filter'],
      logEvents: [
        { id: '38151226829040419335395218735386455217410633046347399168', timestamp: 1710000000123, message: '<13>1 2024-03-09T16:00:00.123Z node1 kubelet 42 - - started' },
        { id: '38151226829040419335395218735386455217410633046347399169', timestamp: 1710000000456, message: 'plain text\nwith a newline kept' },
      ],
      ...over,
    }),
  );
}

describe('decodeKinesisRecord: plain and compressed payloads', () => {
  it('splits newline-separated events, strips CR, skips empty lines; identity and arrival time per event', () => {
    const events = decodeKinesisRecord(record(Buffer.from('<13>one\r\n\n{"MESSAGE":"two"}\nthree')), opts);
    expect(texts(events)).toEqual(['<13>one', '{"MESSAGE":"two"}', 'three']);
    expect(events.map((e) => e.identity)).toEqual([0, 1, 2].map((i) => `kinesis:${SHARD}:${SEQ}:0:${i}`));
    expect(events[0].receivedTime.toISOString()).toBe('2024-11-26T00:00:00.250Z');
    expect(events[0].envelope).toEqual({ kinesis_partition_key: 'host-a' });
    expect(events.every((e) => e.decodeError === undefined)).toBe(true);
  });

  it('decompresses gzip and zlib (every standard zlib header)', () => {
    const payload = Buffer.from('<13>first\n<13>second\n');
    const variants = [gzipSync(payload), ...[1, 3, 6, 9].map((level) => deflateSync(payload, { level }))];
    expect(new Set(variants.slice(1).map((v) => v.subarray(0, 2).toString('hex')))).toEqual(new Set(['7801', '785e', '789c', '78da']));
    for (const v of variants) expect(texts(decodeKinesisRecord(record(v), opts))).toEqual(['<13>first', '<13>second']);
  });

  it('keeps a pretty-printed JSON payload whole and frames a JSON array by element', () => {
    const pretty = readCorpus('journald-beats/sample-journal-event.json');
    const one = decodeKinesisRecord(record(gzipSync(pretty)), opts);
    expect(one).toHaveLength(1);
    expect(JSON.parse(one[0].data.toString('utf8'))._PID).toBe('235728');
    const array = readCorpus('journald-beats/corner-cases.json');
    expect(decodeKinesisRecord(record(array), opts)).toHaveLength(2);
  });

  it('splits a journal export payload into entries', () => {
    const events = decodeKinesisRecord(record(readCorpus('journald-systemd-spec/spec-two-entries.export')), opts);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.data.toString('latin1').startsWith('__CURSOR='))).toBe(true);
  });

  it('text that happens to start like a zlib header ("x^") stays text', () => {
    expect(texts(decodeKinesisRecord(record(Buffer.from('x^2 grew\n')), opts))).toEqual(['x^2 grew']);
  });

  it('cuts an oversized line with the framing error', () => {
    const [ev] = decodeKinesisRecord(record(Buffer.from('x'.repeat(50))), { ...opts, maxEventBytes: 10 });
    expect(ev.data.toString()).toBe('x'.repeat(10));
    expect(ev.decodeError).toBe('event exceeds 10 bytes; cut');
  });
});

describe('decodeKinesisRecord: bad payloads become error events', () => {
  it('corrupt gzip keeps the raw bytes', () => {
    const gz = gzipSync(Buffer.from('<13>hello world, this is a log line\n'));
    const corrupt = Buffer.from(gz);
    corrupt[12] ^= 0xff;
    corrupt[13] ^= 0xff;
    for (const bad of [corrupt, gz.subarray(0, gz.length - 6)]) {
      const events = decodeKinesisRecord(record(bad), opts);
      expect(events).toHaveLength(1);
      expect(events[0].decodeError).toMatch(/^corrupt gzip payload: /);
      expect(events[0].data.equals(bad)).toBe(true);
      expect(events[0].identity).toBe(`kinesis:${SHARD}:${SEQ}:0:0`);
    }
  });

  it('a payload inflating past the bound is an error (zip bomb)', () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const [ev] = decodeKinesisRecord(record(bomb), { ...opts, maxDecompressedBytes: 1024 * 1024 });
    expect(ev.decodeError).toBe('gzip payload inflates to more than 1048576 bytes');
    expect(ev.data.equals(bomb)).toBe(true);
  });

  it('bad base64 is an error with the text kept', () => {
    for (const bad of ['not base64!', 'abc', 'ab=c', '====']) {
      const events = decodeKinesisRecord(record(bad), opts);
      expect(events).toHaveLength(1);
      expect(events[0].decodeError).toBe('Kinesis record data is not valid base64');
      expect(events[0].data.toString()).toBe(bad);
    }
  });

  it('counts records, events, errors and control messages in stats', () => {
    const stats = newDecodeStats();
    const control = gzipSync(Buffer.from(JSON.stringify({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1432826855000, message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }] })));
    expect(decodeKinesisRecord(record(control), { ...opts, stats })).toEqual([]);
    decodeKinesisRecord(record('%%%%'), { ...opts, stats });
    decodeKinesisRecord(record(Buffer.from('a\nb\n')), { ...opts, stats });
    expect(stats).toEqual({ records: 3, events: 3, quarantined: 0, controlMessages: 1, decodeErrors: 1 });
  });
});

describe('decodeKinesisRecord: KPL aggregates', () => {
  const users = [
    { partitionKey: 'node-1', data: Buffer.from('<13>u0 first\n<13>u0 second\n') },
    { partitionKey: 'node-2', data: gzipSync(Buffer.from('<13>u1 gzipped\n')) },
    { partitionKey: 'node-1', data: Buffer.from('{"MESSAGE":"u2"}') },
  ];

  it('yields every user record with its sub-sequence index and partition key', () => {
    const agg = kplAggregate(users);
    expect(agg.subarray(0, 4).toString('hex')).toBe('f3899ac2');
    const events = decodeKinesisRecord(record(agg, { partitionKey: 'agg-key' }), opts);
    expect(texts(events)).toEqual(['<13>u0 first', '<13>u0 second', '<13>u1 gzipped', '{"MESSAGE":"u2"}']);
    expect(events.map((e) => e.identity)).toEqual([
      `kinesis:${SHARD}:${SEQ}:0:0`,
      `kinesis:${SHARD}:${SEQ}:0:1`,
      `kinesis:${SHARD}:${SEQ}:1:0`,
      `kinesis:${SHARD}:${SEQ}:2:0`,
    ]);
    expect(events.map((e) => e.envelope?.kinesis_partition_key)).toEqual(['node-1', 'node-1', 'node-2', 'node-1']);
  });

  it('a truncated aggregate or a bad MD5 is one error event with the raw bytes', () => {
    const agg = kplAggregate(users);
    const badMd5 = Buffer.from(agg);
    badMd5[badMd5.length - 1] ^= 0x01;
    for (const bad of [agg.subarray(0, agg.length - 7), badMd5, agg.subarray(0, 10)]) {
      const events = decodeKinesisRecord(record(bad), opts);
      expect(events).toHaveLength(1);
      expect(events[0].decodeError).toMatch(/KPL aggregate/);
      expect(events[0].data.equals(bad)).toBe(true);
    }
  });

  it('a user record with corrupt gzip fails alone; its siblings decode', () => {
    const broken = gzipSync(Buffer.from('<13>lost\n')).subarray(0, 12);
    const events = decodeKinesisRecord(record(kplAggregate([users[0], { partitionKey: 'k', data: broken }, users[2]])), opts);
    expect(events.map((e) => [e.identity.split(':').slice(3).join(':'), e.decodeError !== undefined])).toEqual([
      ['0:0', false],
      ['0:1', false],
      ['1:0', true],
      ['2:0', false],
    ]);
  });
});

describe('decodeKinesisRecord: CloudWatch Logs subscription envelopes', () => {
  it('each logEvent becomes an event identified by its CloudWatch id, with envelope metadata and time', () => {
    const events = decodeKinesisRecord(record(gzipSync(cloudWatchEnvelope())), opts);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      data: Buffer.from('<13>1 2024-03-09T16:00:00.123Z node1 kubelet 42 - - started'),
      identity: 'cwl:38151226829040419335395218735386455217410633046347399168',
      receivedTime: new Date(Math.round(ARRIVAL * 1000)),
      envelope: {
        cloudwatch_log_group: '/aws/eks/prod/cluster',
        cloudwatch_log_stream: 'kube-apiserver-0a1b2c',
        cloudwatch_owner: '123456789012',
        cloudwatch_id: '38151226829040419335395218735386455217410633046347399168',
      },
      envelopeTimeMs: 1710000000123,
      envelopeFormat: 'cloudwatch',
    });
    expect(events[1].data.toString()).toBe('plain text\nwith a newline kept');
  });

  it('JSON that claims to be an envelope but is not one is an error event', () => {
    for (const bad of [
      cloudWatchEnvelope({ logEvents: 'nope' }),
      cloudWatchEnvelope({ messageType: 'SURPRISE' }),
      cloudWatchEnvelope().subarray(0, 80),
    ]) {
      const events = decodeKinesisRecord(record(gzipSync(bad)), opts);
      expect(events).toHaveLength(1);
      expect(events[0].decodeError).toMatch(/CloudWatch Logs envelope/);
      expect(events[0].data.equals(bad)).toBe(true);
    }
  });

  it('a log event that merely has a messageType field is an ordinary event', () => {
    const line = '{"messageType":"order-created","MESSAGE":"hi"}';
    expect(texts(decodeKinesisRecord(record(Buffer.from(line)), opts))).toEqual([line]);
  });
});

describe('decodeKinesisRecord: identity and robustness', () => {
  it('identities are unique within a record and the same on every decode', () => {
    const agg = kplAggregate([
      { partitionKey: 'a', data: Buffer.from('x\ny\nz') },
      { partitionKey: 'b', data: Buffer.from('x\ny') },
    ]);
    const recs = [record(agg), record(Buffer.from('x\ny'), { sequenceNumber: '2' }), record(gzipSync(cloudWatchEnvelope()))];
    const first = recs.flatMap((r) => decodeKinesisRecord(r, opts).map((e) => e.identity));
    const second = recs.flatMap((r) => decodeKinesisRecord(r, opts).map((e) => e.identity));
    expect(new Set(first).size).toBe(first.length);
    expect(second).toEqual(first);
  });

  it('no byte string throws, and every event has bytes (fast-check)', () => {
    const prefix = fc.constantFrom(Buffer.alloc(0), Buffer.from([0x1f, 0x8b]), Buffer.from([0x78, 0x9c]), Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), Buffer.from('{"messageType":'), Buffer.from('[{'));
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 300 }), (p, body) => {
        const events = decodeKinesisRecord(record(Buffer.concat([p, body])), { ...opts, maxEventBytes: 64 });
        for (const e of events) {
          expect(Buffer.isBuffer(e.data)).toBe(true);
          expect(e.data.length).toBeLessThanOrEqual(64);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('no string given as base64 throws (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(() => decodeKinesisRecord(record(s), opts)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
