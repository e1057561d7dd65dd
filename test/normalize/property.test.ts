import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decidePriority } from '../../functions/normalize/correct.js';
import type { ParsedEvent } from '../../functions/parse/types.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { SourceFormat } from '../../functions/shared/record.js';

const formats: SourceFormat[] = ['journald', 'journal_export', 'filebeat', 'rfc5424', 'rfc3164', 'cloudwatch', 'plain'];
const anyNumber = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double(), fc.constant(Number.NaN), fc.integer());
const levelish = fc.constantFrom(
  '<3>x', '{"level":"warn"}', '{"level":40}', 'level=error', 'E0527 12:00:00.1 x', 'WARNING:root:x',
  '2018-12-18 18:38:55.202466 W | p: m', '[ERROR] x', '{"level":', 'lvl=', '<', '{', '[',
);
const message = fc.oneof(fc.string({ maxLength: 300 }), levelish, fc.tuple(levelish, fc.string()).map(([a, b]) => a + b));
const fieldKey = fc.constantFrom('_SYSTEMD_SLICE', '_SYSTEMD_CGROUP', '_SYSTEMD_USER_UNIT', '_SYSTEMD_USER_SLICE', 'CONTAINER_ID', '_SYSTEMD_UNIT', 'other');

const parsedEvent: fc.Arbitrary<ParsedEvent> = fc.record({
  source_format: fc.constantFrom(...formats),
  time: fc.constant(null),
  host: fc.option(fc.string(), { nil: null }),
  transport: fc.option(fc.constantFrom('journal', 'stdout', 'syslog', 'kernel', 'audit', 'driver', 'udp', ''), { nil: null }),
  app: fc.option(fc.oneof(fc.constantFrom('kernel', 'etcd', 'systemd', 'constructor', '__proto__'), fc.string()), { nil: null }),
  procid: fc.option(fc.string(), { nil: null }),
  unit: fc.option(fc.oneof(fc.constantFrom('etcd.service', 'user@1000.service', 'init.scope', 'session-1.scope'), fc.string()), { nil: null }),
  facility_received: fc.option(anyNumber, { nil: null }),
  severity_received: fc.option(anyNumber, { nil: null }),
  msgid: fc.constant(null),
  structured_data: fc.constant(null),
  message,
  message_encoding: fc.constantFrom(null, 'c-escaped' as const, 'base64' as const),
  parse_error: fc.option(fc.string(), { nil: null }),
  version: fc.constant(null),
  fields: fc.dictionary(fc.oneof(fieldKey, fc.string()), fc.oneof(fc.constantFrom('system.slice', '/system.slice/x', 'user-1000.slice'), fc.string())),
  identity: fc.constant(null),
  notes: fc.array(fc.constantFrom('priority_from_level_name', 'priority_unreadable', 'field_truncated')),
});

describe('decidePriority on any ParsedEvent-like input', () => {
  it('returns facility 0..23 and severity 0..7, keeps parser notes first, and never throws', () => {
    const rules = [DEFAULT_CONFIG.correction, { daemon_apps: [] }, { daemon_apps: ['constructor', ''] }];
    fc.assert(
      fc.property(parsedEvent, fc.constantFrom(...rules), (ev, r) => {
        const d = decidePriority(ev, r);
        expect(Number.isInteger(d.facility) && d.facility >= 0 && d.facility <= 23).toBe(true);
        expect(Number.isInteger(d.severity) && d.severity >= 0 && d.severity <= 7).toBe(true);
        expect(d.corrections.slice(0, ev.notes.length)).toEqual(ev.notes);
        for (const code of d.corrections) expect(code).toMatch(/^[a-z0-9_]+$/);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps a valid received facility and severity of kernel records', () => {
    fc.assert(
      fc.property(parsedEvent, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 7 }), (ev, f, s) => {
        const kernel = { ...ev, transport: 'kernel', facility_received: f, severity_received: s, notes: [] };
        expect(decidePriority(kernel, DEFAULT_CONFIG.correction)).toEqual({ facility: f, severity: s, corrections: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('never lowers a severity sent over the native journal protocol', () => {
    fc.assert(
      fc.property(parsedEvent, fc.integer({ min: 0, max: 7 }), (ev, s) => {
        const native = { ...ev, source_format: 'journald' as const, transport: 'journal', severity_received: s, fields: {} };
        expect(decidePriority(native, DEFAULT_CONFIG.correction).severity).toBeLessThanOrEqual(s);
      }),
      { numRuns: 2000 },
    );
  });
});
