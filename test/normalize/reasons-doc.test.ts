import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEVEL_FORMS } from '../../functions/normalize/message-level.js';
import { REASON } from '../../functions/normalize/reasons.js';

const DOC = readFileSync(new URL('../../docs/corrections.md', import.meta.url), 'utf8');

/** Codes in the first column of the "Reason codes" table. */
function documentedCodes(): string[] {
  const start = DOC.indexOf('## Reason codes');
  const section = DOC.slice(start, DOC.indexOf('\n## ', start + 1) >>> 0);
  return [...section.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
}

describe('docs/corrections.md', () => {
  it('documents exactly the reason codes normalize can write', () => {
    const emitted = [...Object.values(REASON), ...LEVEL_FORMS.map((f) => `severity_from_${f}`)];
    expect(documentedCodes().sort()).toEqual([...emitted].sort());
  });

  it('codes are snake_case, as the record schema requires', () => {
    for (const code of documentedCodes()) expect(code).toMatch(/^[a-z0-9_]+$/);
  });
});
