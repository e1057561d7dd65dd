import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyKinesisError } from '../../functions/ship/kinesis-errors.js';
import { fatalSourceError } from '../../functions/ship/source-failure.js';

// docs/shipping.md's troubleshooting table must explain every error line ship and replay print:
// the causes are produced by the code itself (with placeholder names), so a new or reworded
// error fails here until the table has it.
const doc = readFileSync(new URL('../../docs/shipping.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('## Troubleshooting'), doc.indexOf('## What other shippers send'));
const source = (rel: string) => readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8');

/** The words before the first " (": what the table quotes. */
const lead = (line: string) => line.split(' (')[0];

describe('docs/shipping.md troubleshooting table', () => {
  it('has every Kinesis error cause the shipper prints', () => {
    const where = { stream: 'S', region: 'R', endpoint: 'URL' };
    const errors = [
      { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' },
      { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } },
      { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
      { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } },
      { name: 'Error', message: 'Invalid region in client config' },
      { name: 'ValidationException', $metadata: { httpStatusCode: 400 } },
      { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } },
      { name: 'Error', code: 'ENOTFOUND', hostname: 'HOST' },
      { name: 'Error', code: 'ECONNREFUSED' },
    ];
    const causes = errors.map((e) => lead(classifyKinesisError(e, where).cause));
    expect(new Set(causes).size).toBe(errors.length);
    for (const c of causes) expect(table, c).toContain(c);
  });

  it('has every source failure', () => {
    const ctx = { cursorFile: 'FILE', cursor: 'x', describe: 'CMD', emptyFailuresBefore: 2 };
    const lines = [
      fatalSourceError({ code: 1, signal: null, entries: 0, stderrTail: ['Failed to seek to cursor: Invalid argument'] }, ctx),
      fatalSourceError({ code: null, signal: null, error: Object.assign(new Error('spawn journalctl ENOENT'), { code: 'ENOENT' }), entries: 0, stderrTail: [] }, { ...ctx, describe: 'journalctl -o export' }),
      fatalSourceError({ code: 3, signal: null, entries: 0, stderrTail: [] }, ctx),
    ];
    for (const l of lines) expect(table, String(l)).toContain(lead(l!));
  });

  it('has the other lines, worded as the code prints them', () => {
    const printed: [string, string][] = [
      ['functions/ship/ship-run.ts', 'retrying with backoff: '],
      ['functions/ship/ship-run.ts', 'restarting after the last entry read in'],
      ['functions/ship/ship-run.ts', 'entries not acknowledged; the cursor stays at the last acknowledged entry'],
      ['functions/ship/ship-run.ts', 'cannot read the cursor file'],
      ['functions/ship/ship-run.ts', 'cannot read standard input: '],
      ['functions/ship/shipper.ts', 'cannot save the cursor: '],
      ['functions/ship/shipper.ts', 'no call has succeeded in'],
      ['bin/cli/ship.ts', 'no AWS region: pass --region or set AWS_REGION'],
      ['functions/replay/replay-dlq.ts', 'does not exist in'],
      ['functions/replay/replay-dlq.ts', '(another account or region)'],
      ['functions/replay/replay-dlq.ts', 'the stream does not hold this range, but '],
      ['functions/replay/replay-dlq.ts', 'within the retention of'],
      ['functions/replay/replay-dlq.ts', 'no approximateArrivalOfLastRecord'],
      ['functions/replay/replay-dlq.ts', "the range is past the stream's retention of"],
      ['functions/replay/replay-dlq.ts', 'is not a Kinesis stream ARN'],
      ['functions/replay/replay-dlq.ts', 'not a Kinesis on-failure record: '],
      ['functions/ingest/environment.ts', 'logsift ingest cannot start: '],
    ];
    for (const [file, words] of printed) {
      expect(source(file), `${file} prints ${words}`).toContain(words);
      expect(table, words).toContain(words.trim());
    }
  });
});
