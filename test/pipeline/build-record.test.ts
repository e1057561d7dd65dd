import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
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
});
