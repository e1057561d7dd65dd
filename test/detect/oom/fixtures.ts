import { readFileSync } from 'node:fs';
import type { LogRecord } from '../../../functions/shared/record.js';
import { recordFromMessage } from '../../support/records.js';

interface FixtureLine {
  time: string;
  app: string;
  transport: string;
  message: string;
  unit?: string;
  fields?: Record<string, string>;
}

/** Records from a fixture in test/fixtures/oom (one JSON object per line), identities `<name>:<line>`. */
export function fixtureRecords(name: string, host = 'node-1'): LogRecord[] {
  const text = readFileSync(new URL(`../../fixtures/oom/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      const line = JSON.parse(l) as FixtureLine;
      const record = recordFromMessage(line.message, {
        time: line.time,
        app: line.app,
        transport: line.transport,
        unit: line.unit ?? null,
        fields: line.fields ?? {},
        host,
        identity: `${name}:${i}`,
      });
      // recordFromMessage keeps milliseconds; fixtures state microseconds (as journald does).
      return { ...record, time: line.time };
    });
}
