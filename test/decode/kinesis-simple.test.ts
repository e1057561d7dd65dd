import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordDecoder, type RecordDecoderOptions } from '../../functions/decode/kinesis-payload.js';
import { decodeKinesisRecordBatches, decodeKinesisRecordEvents, newDecodeStats, type KinesisRecordInput } from '../../functions/decode/kinesis-record.js';

const opts = (over: Partial<RecordDecoderOptions> = {}): RecordDecoderOptions => ({
  format: 'auto', maxEventBytes: 64, maxDecompressedBytes: 1 << 20, maxEvents: 10, receivedTime: new Date(0), ...over,
});
const rec = (data: Buffer | string, partitionKey?: string): KinesisRecordInput => ({
  data: typeof data === 'string' ? data : data.toString('base64'), shardId: 's', sequenceNumber: '7', approximateArrivalTimestamp: 0, partitionKey,
});

describe('RecordDecoder.simple', () => {
  it('gives the events run gives whenever it answers', () => {
    const piece = fc.constantFrom('{', '}', '[', '"', 'A', 'X=', '<13>', ' ', '\r', '\n', 'a', '\ufeff', '"messageType"', '{"messageType":"CONTROL_MESSAGE","logGroup":"g"}');
    const data = fc.array(piece, { maxLength: 10 }).map((p) => Buffer.from(p.join('')));
    fc.assert(
      fc.property(data, fc.option(fc.constantFrom('p', '')), fc.constantFrom('auto', 'rfc3164', 'journald'), fc.integer({ min: 0, max: 3 }), (bytes, key, format, maxEvents) => {
        const r = rec(bytes, key ?? undefined);
        const o = opts({ format: format as RecordDecoderOptions['format'], maxEvents });
        const fast = new RecordDecoder(r, o).simple();
        if (fast !== null) expect(fast).toEqual([...new RecordDecoder(r, o).run()].flat());
      }),
      { numRuns: 2000 },
    );
  });

  it('answers for one syslog line with the partition key as envelope', () => {
    const events = new RecordDecoder(rec(Buffer.from('<13>Nov 26 01:10:00 h app: hi\n'), 'p'), opts()).simple();
    expect(events).toEqual([{ data: Buffer.from('<13>Nov 26 01:10:00 h app: hi'), identity: 'kinesis:s:7:0:0', receivedTime: new Date(0), envelope: { kinesis_partition_key: 'p' } }]);
  });

  it('leaves invalid base64, gzip, several lines and CloudWatch envelopes to run', () => {
    for (const r of [rec('not base64!'), rec(gzipSync('<13>x')), rec(Buffer.from('a\nb')), rec(Buffer.from('{"messageType":"CONTROL_MESSAGE","logGroup":"g"}'))]) {
      expect(new RecordDecoder(r, opts()).simple()).toBeNull();
    }
  });

  it('decodeKinesisRecordEvents, an array or the batches: the events and stats of the batches alone', () => {
    const records = [rec(Buffer.from('<13>one\n'), 'p'), rec(gzipSync('<13>a\n<13>b')), rec(Buffer.from('a\nb\n')), rec('bad!'), rec(Buffer.from('\n'))];
    const o = { format: 'auto' as const, maxEventBytes: 64 };
    const oneWay = newDecodeStats();
    const otherWay = newDecodeStats();
    for (const r of records) {
      const alone = [...decodeKinesisRecordBatches(r, { ...o, stats: oneWay })].flat();
      const decoded = decodeKinesisRecordEvents(r, { ...o, stats: otherWay });
      const split = Array.isArray(decoded) ? decoded : [...decoded].flat();
      expect(split).toEqual(alone);
    }
    expect(otherWay).toEqual(oneWay);
    expect(oneWay.records).toBe(5);
  });
});
