import { gzipSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKinesisRecord } from '../../functions/decode/kinesis-record.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';

const ctx = parseContextFor(DEFAULT_CONFIG, new Date('2026-11-26T02:00:00Z'));
const decodeOpts = { format: 'auto' as const, maxEventBytes: DEFAULT_CONFIG.limits.max_event_bytes };

/** Kinesis record -> decode -> parse -> normalize: the Lambda's path, minus the handler. */
function throughPipeline(payload: Buffer): LogRecord[] {
  const raws = decodeKinesisRecord(
    { data: payload.toString('base64'), shardId: 'shardId-000000000000', sequenceNumber: '4959', approximateArrivalTimestamp: 1795658400 },
    decodeOpts,
  );
  return raws.map((raw) => buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG));
}

/** Message text a syslog or journald sender could emit on one line (no newline, no leading blank). */
const messageText = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789 .:=[]{}"\'\\/-_µé✓🚀'), minLength: 1, maxLength: 120 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

const encodings = fc.constantFrom<[string, (b: Buffer) => Buffer]>(['plain', (b) => b], ['gzip', (b) => gzipSync(b)], ['zlib', (b) => deflateSync(b)]);

describe('whole pipeline (fast-check)', () => {
  it('no byte string throws, and every event becomes a schema-valid record', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const records = throughPipeline(Buffer.from(bytes));
        for (const r of records) expect(r.facility).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('a valid event keeps its message through any payload encoding', () => {
    const framings = fc.constantFrom(
      (m: string) => `<13>1 2026-11-26T01:00:00.000001Z host app 42 - - ${m}`,
      (m: string) => `<13>Nov 26 01:00:00 host app[42]: ${m}`,
      (m: string) => JSON.stringify({ __REALTIME_TIMESTAMP: '1795656000000001', _HOSTNAME: 'host', MESSAGE: m, PRIORITY: '6', _TRANSPORT: 'journal' }),
    );
    fc.assert(
      fc.property(fc.array(messageText, { minLength: 1, maxLength: 5 }), framings, encodings, (messages, frame, [, encode]) => {
        const payload = encode(Buffer.from(messages.map(frame).join('\n')));
        const records = throughPipeline(payload);
        expect(records.map((r) => r.message)).toEqual(messages);
        expect(records.every((r) => r.parse_error === null)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });
});
