import * as kinesisAgg from 'aws-kinesis-agg';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeKinesisRecord,
  decodeKinesisRecordBatches,
  newDecodeStats,
  type DecodeOptions,
  type KinesisRecordInput,
} from '../../functions/decode/kinesis-record.js';
import type { RawEvent } from '../../functions/decode/raw-event.js';

const SHARD = 'shardId-000000000003';
const SEQ = '49590338271490256608559692538361571095921575989136588898';
const PREFIX = `kinesis:${SHARD}:${SEQ}:0:`;
const opts: DecodeOptions = { format: 'auto', maxEventBytes: 1024 * 1024 };

function record(data: Buffer): KinesisRecordInput {
  return { data: data.toString('base64'), shardId: SHARD, sequenceNumber: SEQ, approximateArrivalTimestamp: 1795658400, partitionKey: 'p' };
}

const { RecordAggregator } = kinesisAgg as unknown as {
  RecordAggregator: new () => { addUserRecord(r: { partitionKey: string; data: Buffer }): void; build(): { data: Buffer } };
};

function kplAggregate(payloads: Buffer[]): Buffer {
  const agg = new RecordAggregator();
  for (const data of payloads) agg.addUserRecord({ partitionKey: 'k', data });
  return agg.build().data;
}

function envelope(logEvents: unknown[]): Buffer {
  return Buffer.from(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: 'g', logStream: 's', subscriptionFilters: ['f'], logEvents }));
}

/** Lines back to bytes: framed lines each followed by LF, then the quarantined pieces as they are. */
function reassemble(events: RawEvent[]): Buffer {
  return Buffer.concat(events.map((e) => (e.decodeError === undefined ? Buffer.concat([e.data, Buffer.from('\n')]) : e.data)));
}

describe('CloudWatch envelopes: one bad log event spoils only itself', () => {
  it('99 good log events come out as themselves, the bad one as an error event with its JSON', () => {
    const logEvents: unknown[] = [];
    for (let i = 0; i < 100; i++) logEvents.push({ id: `3815122682904041933539521873538645521741063304634739${1000 + i}`, timestamp: 1710000000000 + i, message: `<13>1 2024-03-09T16:00:00.123Z node1 app 42 - - event ${i}` });
    logEvents[37] = { id: 'bad', timestamp: 'soon', message: 'kept anyway' };
    const events = decodeKinesisRecord(record(gzipSync(envelope(logEvents))), opts);
    expect(events).toHaveLength(100);
    const good = events.filter((e) => e.decodeError === undefined);
    expect(good).toHaveLength(99);
    expect(good.every((e) => e.identity.startsWith('cwl:') && e.envelopeFormat === 'cloudwatch')).toBe(true);
    expect(good[37].data.toString()).toBe('<13>1 2024-03-09T16:00:00.123Z node1 app 42 - - event 38');
    const bad = events[37];
    expect(bad.decodeError).toBe('not a valid CloudWatch Logs log event: logEvents[37]: timestamp is not a number');
    expect(JSON.parse(bad.data.toString())).toEqual({ id: 'bad', timestamp: 'soon', message: 'kept anyway' });
    expect(bad.identity).toBe(`${PREFIX}37`);
  });

  it('non-object log events are error events too, and identities stay unique', () => {
    const events = decodeKinesisRecord(record(gzipSync(envelope([null, 7, { id: 'a', timestamp: 1, message: 'fine' }]))), opts);
    expect(events.map((e) => e.decodeError ?? e.data.toString())).toEqual([
      'not a valid CloudWatch Logs log event: logEvents[0]: not an object',
      'not a valid CloudWatch Logs log event: logEvents[1]: not an object',
      'fine',
    ]);
    expect(new Set(events.map((e) => e.identity)).size).toBe(3);
  });
});

describe('compressed payloads with bytes after the compressed data', () => {
  const body = Buffer.from('<13>first\n<13>second\n');
  const trailing = Buffer.from('trailing junk\n');

  it('gzip: the member is decoded, the trailing bytes are one error event', () => {
    const gz = gzipSync(body);
    const events = decodeKinesisRecord(record(Buffer.concat([gz, trailing])), opts);
    expect(events.map((e) => e.data.toString())).toEqual(['<13>first', '<13>second', 'trailing junk\n']);
    expect(events[2].decodeError).toBe(`${trailing.length} bytes follow the gzip data; bytes ${gz.length}-${gz.length + trailing.length} of ${gz.length + trailing.length} kept raw, not parsed`);
    expect(events[2].identity).toBe(`${PREFIX}2`);
  });

  it('gzip: every whole member before the trailing bytes is kept (RFC 1952 members, with a file name)', () => {
    const named = gzipSync(Buffer.from('<13>third\n'));
    // Set FNAME and insert a zero-terminated name after the fixed 10-byte header, as gzip(1) writes it.
    const withName = Buffer.concat([named.subarray(0, 3), Buffer.of(named[3] | 0x08), named.subarray(4, 10), Buffer.from('app.log\0'), named.subarray(10)]);
    const events = decodeKinesisRecord(record(Buffer.concat([gzipSync(body), withName, trailing])), opts);
    expect(events.map((e) => e.data.toString())).toEqual(['<13>first', '<13>second', '<13>third', 'trailing junk\n']);
    expect(events[3].decodeError).toMatch(/^14 bytes follow the gzip data/);
  });

  it('gzip that starts a second member but breaks in it keeps the first member and the rest raw', () => {
    const gz = gzipSync(body);
    const broken = gzipSync(Buffer.from('<13>lost?\n')).subarray(0, 15);
    const events = decodeKinesisRecord(record(Buffer.concat([gz, broken])), opts);
    expect(events.slice(0, 2).map((e) => e.data.toString())).toEqual(['<13>first', '<13>second']);
    expect(events[2].data.equals(broken)).toBe(true);
    expect(events[2].decodeError).toMatch(/^15 bytes follow the gzip data/);
  });

  it('zlib: trailing bytes are not dropped', () => {
    const z = deflateSync(body);
    const events = decodeKinesisRecord(record(Buffer.concat([z, trailing])), opts);
    expect(events.map((e) => e.data.toString())).toEqual(['<13>first', '<13>second', 'trailing junk\n']);
    expect(events[2].decodeError).toMatch(/^14 bytes follow the zlib data/);
  });

  it('a gzip payload that is corrupt from the start is still one error event', () => {
    const gz = gzipSync(body);
    const bad = Buffer.from(gz);
    bad[12] ^= 0xff;
    const events = decodeKinesisRecord(record(Buffer.concat([bad, trailing])), opts);
    expect(events).toHaveLength(1);
    expect(events[0].decodeError).toMatch(/^corrupt gzip payload/);
  });
});

describe('bounds per Kinesis record', () => {
  const lines = Array.from({ length: 20_000 }, (_, i) => `<13>line ${i}`);
  const payload = Buffer.from(lines.join('\n') + '\n');

  it('past maxEventsPerRecord the rest of the payload is quarantined raw, nothing lost', () => {
    const stats = newDecodeStats();
    const events = decodeKinesisRecord(record(gzipSync(payload)), { ...opts, maxEventsPerRecord: 1000, maxEventBytes: 50_000, stats });
    const framed = events.filter((e) => e.decodeError === undefined);
    const quarantined = events.filter((e) => e.decodeError !== undefined);
    // Checked per 64 KiB slice: the bound stops framing within one slice's worth of lines.
    expect(framed.length).toBeGreaterThanOrEqual(1000);
    expect(framed.length).toBeLessThan(1000 + 65536 / 10);
    expect(framed.map((e) => e.data.toString())).toEqual(lines.slice(0, framed.length));
    expect(quarantined.length).toBeGreaterThan(1);
    for (const q of quarantined) {
      expect(q.data.length).toBeLessThanOrEqual(50_000);
      expect(q.decodeError).toMatch(/^event bound reached: more than 1000 events in one Kinesis record; bytes \d+-\d+ of \d+ kept raw, not parsed$/);
    }
    expect(reassemble(events).equals(payload)).toBe(true);
    expect(new Set(events.map((e) => e.identity)).size).toBe(events.length);
    expect(stats.quarantined).toBe(quarantined.length);
    expect(stats.decodeErrors).toBe(quarantined.length);
  });

  it('a pretty-printed entry open at the cut comes out with the framer error, then the rest raw', () => {
    const entry = (i: number) => JSON.stringify({ MESSAGE: `entry ${i}`, PRIORITY: '6', _HOSTNAME: 'h' }, null, 2);
    const pretty = Buffer.from(Array.from({ length: 3000 }, (_, i) => entry(i)).join('\n'));
    const events = decodeKinesisRecord(record(pretty), { ...opts, maxEventsPerRecord: 100 });
    const errors = events.filter((e) => e.decodeError !== undefined);
    expect(errors[0].decodeError).toBe('incomplete JSON value at end of input');
    expect(errors.slice(1).every((e) => /^event bound reached/.test(e.decodeError!))).toBe(true);
    const good = events.filter((e) => e.decodeError === undefined);
    expect(good.map((e) => JSON.parse(e.data.toString()).MESSAGE)).toEqual(good.map((_, i) => `entry ${i}`));
    // The entries, the open one and the quarantined bytes together are the payload (blanks between entries aside).
    const noBlanks = (b: Buffer) => b.toString().replace(/\s/g, '');
    expect(noBlanks(Buffer.concat(events.map((e) => e.data)))).toBe(noBlanks(pretty));
  });

  it('CloudWatch log events past the bound are quarantined as JSON arrays of whole log events', () => {
    const logEvents = Array.from({ length: 50 }, (_, i) => ({ id: `id-${i}`, timestamp: 1710000000000 + i, message: `m${i}` }));
    const events = decodeKinesisRecord(record(gzipSync(envelope(logEvents))), { ...opts, maxEventsPerRecord: 20, maxEventBytes: 200 });
    expect(events.slice(0, 20).map((e) => e.data.toString())).toEqual(logEvents.slice(0, 20).map((e) => e.message));
    const rest = events.slice(20);
    expect(rest.every((e) => e.data.length <= 200 && /^event bound reached: more than 20 events/.test(e.decodeError!))).toBe(true);
    expect(rest.flatMap((e) => JSON.parse(e.data.toString()))).toEqual(logEvents.slice(20));
  });

  it('KPL user records after the bound are quarantined whole; the inflation budget spans the record', () => {
    const users = [Buffer.from('a\nb\nc'), Buffer.from('d\ne'), Buffer.from('f')];
    const events = decodeKinesisRecord(record(kplAggregate(users)), { ...opts, maxEventsPerRecord: 3 });
    expect(events.map((e) => [e.data.toString(), e.decodeError === undefined])).toEqual([
      ['a', true], ['b', true], ['c', true], ['d\ne', false], ['f', false],
    ]);
    const bomb = gzipSync(Buffer.alloc(600 * 1024, 0x61));
    const two = decodeKinesisRecord(record(kplAggregate([bomb, bomb])), { ...opts, maxDecompressedBytes: 1024 * 1024 });
    expect(two[0].decodeError).toBeUndefined();
    expect(two[1].decodeError).toBe(`gzip payload inflates to more than ${(1024 - 600) * 1024} bytes (what is left of the record's 1048576-byte inflation budget)`);
  });

  it('the batch form yields at most batchSize events per batch, the same events as the array form', () => {
    const batches = [...decodeKinesisRecordBatches(record(gzipSync(payload)), { ...opts, batchSize: 700 })];
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(700);
    expect(batches.flat().map((e) => e.identity)).toEqual(decodeKinesisRecord(record(gzipSync(payload)), opts).map((e) => e.identity));
    expect(batches.flat()).toHaveLength(20_000);
  });
});

describe('bounds per Kinesis record: a cut inside one long line', () => {
  it('a one-line JSON array of scalars cut by the bound: the open element says it was cut', () => {
    // An array that opens with an object is framed element by element; the rest are numbers.
    const numbers = Array.from({ length: 40_000 }, (_, i) => 100_000 + i);
    const payload = Buffer.from(JSON.stringify([{ MESSAGE: 'first' }, ...numbers]));
    const events = decodeKinesisRecord(record(payload), { ...opts, maxEventsPerRecord: 1000 });
    const good = events.filter((e) => e.decodeError === undefined);
    expect(good[0].data.toString()).toBe('{"MESSAGE":"first"}');
    expect(good.slice(1).map((e) => Number(e.data.toString()))).toEqual(numbers.slice(0, good.length - 1));
    expect(good.length).toBeGreaterThanOrEqual(1000);
    const firstError = events[good.length];
    expect(firstError.decodeError).toMatch(/^cut where the event bound stopped framing/);
    expect(events.slice(good.length + 1).every((e) => /^event bound reached/.test(e.decodeError!))).toBe(true);
    // Elements, the cut one and the quarantined bytes hold every digit of the payload, in order.
    const digits = (b: Buffer) => b.toString().replace(/[^0-9]/g, '');
    expect(digits(Buffer.concat(events.map((e) => e.data)))).toBe(digits(payload));
  });
});

describe('bounds per Kinesis record: envelope size and batch bytes', () => {
  it('an envelope over 16 MiB is not parsed whole: kept raw in quarantine pieces', () => {
    const text = '{"messageType":"DATA_MESSAGE","owner":"o","logGroup":"g","logStream":"s","subscriptionFilters":[],"logEvents":[' +
      Array(450_000).fill('{"id":"1","timestamp":1,"message":"a"}').join(',') + ']}';
    const stats = newDecodeStats();
    const events = decodeKinesisRecord(record(gzipSync(text)), { ...opts, stats });
    expect(text.length).toBeGreaterThan(16 * 1024 * 1024);
    expect(events.every((e) => e.decodeError?.startsWith(`CloudWatch Logs envelope of ${text.length} bytes is over the 16777216-byte bound for parsing one; bytes `))).toBe(true);
    expect(Buffer.concat(events.map((e) => e.data)).toString()).toBe(text);
    expect(stats.quarantined).toBe(events.length);
  });

  it('a batch closes once its events hold 4 MiB, whatever batchSize says', () => {
    const line = 'x'.repeat(1024 * 1024 - 1);
    const payload = Buffer.from(Array(10).fill(line).join('\n'));
    const batches = [...decodeKinesisRecordBatches(record(gzipSync(payload)), { ...opts, maxEventBytes: 2 * 1024 * 1024, batchSize: 1000 })];
    expect(batches.flat()).toHaveLength(10);
    for (const b of batches) expect(b.reduce((n, e) => n + e.data.length, 0)).toBeLessThan(4 * 1024 * 1024 + 1024 * 1024);
    expect(batches.length).toBeGreaterThanOrEqual(3);
  });
});
