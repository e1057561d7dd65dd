import { describe, expect, it } from 'vitest';
import { parseRfc5424 } from '../../functions/parse/rfc5424.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';

const ctx = parseContextFor(DEFAULT_CONFIG, new Date('2026-11-26T02:00:00Z'));
const parse = (stamp: string) => parseRfc5424(Buffer.from(`<13>1 ${stamp} host app - - - msg`), ctx);

describe('RFC 5424 TIMESTAMP to RFC 3339 UTC with six fractional digits', () => {
  it.each([
    ['2026-11-26T01:22:05.000123Z', '2026-11-26T01:22:05.000123Z'], // already in the output shape
    ['2026-11-26T01:22:05.1Z', '2026-11-26T01:22:05.100000Z'],
    ['2026-11-26T01:22:05Z', '2026-11-26T01:22:05.000000Z'],
    ['2026-11-26T01:22:05.000123+00:00', '2026-11-26T01:22:05.000123Z'],
    ['2026-11-26T01:22:05.000123-00:00', '2026-11-26T01:22:05.000123Z'],
    ['2026-11-26T00:22:05.000123+01:00', '2026-11-25T23:22:05.000123Z'],
  ])('%s -> %s', (stamp, time) => {
    const ev = parse(stamp);
    expect(ev.parse_error).toBeNull();
    expect(ev.time).toBe(time);
  });

  it('still rejects a lower-case z and a seventh fractional digit', () => {
    expect(parse('2026-11-26T01:22:05.000123z').parse_error).toMatch(/offset/);
    expect(parse('2026-11-26T01:22:05.0001234Z').parse_error).toMatch(/at most 6 fractional/);
  });
});
