import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { kinesisRecords } from '../../functions/pipeline/kinesis-records.js';
import { emptyParsedEvent } from '../../functions/parse/types.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';

const raw = (envelope?: Record<string, string>): RawEvent => ({ data: Buffer.from('x'), identity: 'kinesis:s:1:0:0', receivedTime: new Date(0), envelope });

function parsedWith(fields: Record<string, string>) {
  const ev = emptyParsedEvent('journald', 'm');
  ev.fields = fields;
  return ev;
}

describe('buildRecord envelope merge', () => {
  it('puts envelope keys first, then the event fields, as a spread would', () => {
    const r = buildRecord(parsedWith({ B: '2', A: '1' }), raw({ kinesis_partition_key: 'p' }), DEFAULT_CONFIG);
    expect(Object.entries(r.fields)).toEqual([['kinesis_partition_key', 'p'], ['B', '2'], ['A', '1']]);
    expect(Object.getPrototypeOf(r.fields)).toBe(Object.prototype);
  });

  it("lets the event's own value win and keeps the key where the envelope put it", () => {
    const r = buildRecord(parsedWith({ A: '1', kinesis_partition_key: 'own' }), raw({ kinesis_partition_key: 'p' }), DEFAULT_CONFIG);
    expect(Object.entries(r.fields)).toEqual([['kinesis_partition_key', 'own'], ['A', '1']]);
  });

  it('keeps a __proto__ field as a plain key, never as the prototype', () => {
    const fields: Record<string, string> = { A: '1' };
    Object.defineProperty(fields, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
    const r = buildRecord(parsedWith(fields), raw({ kinesis_partition_key: 'p' }), DEFAULT_CONFIG);
    expect(Object.getPrototypeOf(r.fields)).toBe(Object.prototype);
    expect(JSON.stringify(r.fields)).toBe('{"kinesis_partition_key":"p","A":"1","__proto__":"x"}');
  });

  it('leaves the fields object as parsed without an envelope', () => {
    const fields = { A: '1' };
    expect(buildRecord(parsedWith(fields), raw(), DEFAULT_CONFIG).fields).toBe(fields);
  });

  it('takes fields that already start with the envelope keys as they are (a parser made the merge)', () => {
    const fields = { kinesis_partition_key: 'own', A: '1' };
    expect(buildRecord(parsedWith(fields), raw({ kinesis_partition_key: 'p' }), DEFAULT_CONFIG).fields).toBe(fields);
    const other = { A: '1', kinesis_partition_key: 'own' };
    expect(Object.keys(buildRecord(parsedWith(other), raw({ kinesis_partition_key: 'p' }), DEFAULT_CONFIG).fields)).toEqual(['kinesis_partition_key', 'A']);
  });

  it('gives a Kinesis journald entry the partition key first, its own value winning, as the spread did', () => {
    const entry = (extra: Record<string, string>) =>
      JSON.stringify({ __CURSOR: 'c', __REALTIME_TIMESTAMP: '1764120000000000', _BOOT_ID: 'b', MESSAGE: 'hi', _HOSTNAME: 'h', ...extra, ZED: 'z' });
    const rec = (line: string) => ({ data: Buffer.from(line).toString('base64'), shardId: 's', sequenceNumber: '1', approximateArrivalTimestamp: 0, partitionKey: 'p' });
    const [plain] = kinesisRecords(rec(entry({})), { config: DEFAULT_CONFIG }) as LogRecord[];
    expect(Object.entries(plain.fields)).toEqual([['kinesis_partition_key', 'p'], ['__CURSOR', 'c'], ['__REALTIME_TIMESTAMP', '1764120000000000'], ['_BOOT_ID', 'b'], ['ZED', 'z']]);
    const [own] = kinesisRecords(rec(entry({ kinesis_partition_key: 'mine' })), { config: DEFAULT_CONFIG }) as LogRecord[];
    expect(Object.entries(own.fields)[0]).toEqual(['kinesis_partition_key', 'mine']);
    expect(Object.keys(own.fields)).toEqual(['kinesis_partition_key', '__CURSOR', '__REALTIME_TIMESTAMP', '_BOOT_ID', 'ZED']);
  });
});
