import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { registeredRegexes } from '../functions/shared/safe-regex.js';

const FUNCTIONS = fileURLToPath(new URL('../functions/', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

describe('regex safety', () => {
  it('every regex declared with rx() is linear-time (recheck)', async () => {
    for (const file of tsFiles(FUNCTIONS)) {
      if (file.includes('/handlers/')) continue; // handlers pull AWS clients; their regexes live in imported modules
      if (file.endsWith('/ingest/handler.ts')) continue; // the Lambda entry reads its environment at import; it declares no regex
      await import(file);
    }
    const all = registeredRegexes();
    expect(all.length).toBeGreaterThan(0);
    const unsafe = all
      .map((re) => ({ re: String(re), result: checkSync(re.source, re.flags.replace(/[gy]/g, '')) }))
      .filter(({ result }) => result.status !== 'safe');
    expect(unsafe.map((u) => `${u.re}: ${u.result.status}`)).toEqual([]);
  });

  it('recheck does flag a catastrophic pattern (the check can fail)', () => {
    expect(checkSync('^(a+)+$', '').status).toBe('vulnerable');
  });
});
