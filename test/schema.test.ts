import { describe, expect, it } from 'vitest';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { emptyParsedEvent } from '../functions/parse/types.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import type { LogRecord } from '../functions/shared/record.js';
import { recordSchema, validateRecord } from '../functions/shared/schemas.js';

const raw = { data: Buffer.from('x'), identity: 'test:schema', receivedTime: new Date('2026-11-26T00:00:00Z') };

describe('log-record schema', () => {
  it('lists exactly the fields of the LogRecord type that buildRecord fills', () => {
    const record = buildRecord(emptyParsedEvent('plain', 'hello'), raw, DEFAULT_CONFIG);
    expect(Object.keys(record).sort()).toEqual(Object.keys(recordSchema.properties).sort());
    expect([...recordSchema.required].sort()).toEqual(Object.keys(recordSchema.properties).sort());
  });

  it('accepts a built record and rejects broken ones', () => {
    const record = buildRecord(emptyParsedEvent('plain', 'hello'), raw, DEFAULT_CONFIG);
    expect(validateRecord(record)).toBe(true);
    const broken: Array<Partial<Record<keyof LogRecord, unknown>>> = [
      { severity: 8 },
      { facility: -1 },
      { time: '2026-11-26T00:00:00Z' },
      { source_format: 'xml' },
      { corrections: ['Not A Code'] },
      { fields: { a: 1 } },
      { event_id: 'short' },
    ];
    for (const patch of broken) {
      expect(validateRecord({ ...record, ...patch }), JSON.stringify(patch)).toBe(false);
    }
  });

  it('derives event_id from the identity alone', () => {
    const a = buildRecord(emptyParsedEvent('plain', 'a'), raw, DEFAULT_CONFIG);
    const b = buildRecord(emptyParsedEvent('plain', 'b'), raw, DEFAULT_CONFIG);
    const c = buildRecord(emptyParsedEvent('plain', 'a'), { ...raw, identity: 'test:other' }, DEFAULT_CONFIG);
    expect(a.event_id).toBe(b.event_id);
    expect(a.event_id).not.toBe(c.event_id);
  });
});
