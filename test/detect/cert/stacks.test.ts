import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { recognizeCert } from '../../../functions/detect/cert/recognize.js';
import { recordFromMessage } from '../../support/records.js';
import { expectWellFormed, run } from './helpers.js';

interface Case {
  name: string;
  message: string;
  expect: Record<string, unknown> | null;
}

const cases: Case[] = readFileSync(new URL('../../fixtures/cert/stack-messages.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as Case);

const TYPE: Record<string, string> = { expired: 'cert_expired', not_yet_valid: 'cert_not_yet_valid' };

describe('cert detector: documented messages of each TLS stack', () => {
  it('has positives and negatives to check', () => {
    expect(cases.filter((c) => c.expect).length).toBeGreaterThan(20);
    expect(cases.filter((c) => !c.expect).length).toBeGreaterThan(10);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const record = recordFromMessage(c.message, { host: 'client-1', app: 'app', time: '2026-11-26T01:30:00Z' });
      const { findings } = await run([record]);
      expectWellFormed(findings, [record], expect);
      if (c.expect === null) {
        expect(recognizeCert(c.message)).toBeNull();
        expect(findings).toEqual([]);
        return;
      }
      expect(findings).toHaveLength(1);
      const f = findings[0];
      expect(f.type).toBe(TYPE[c.expect.kind as string]);
      expect(f.evidence).toEqual([record.event_id]);
      for (const [k, v] of Object.entries(c.expect)) expect(f.details[k], k).toEqual(v);
    });
  }
});
