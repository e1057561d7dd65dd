import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const SAMPLES = ['samples/cp-1.journal.json', 'samples/cp-3.rfc3164.log'];
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; bin: Record<string, string> };

/** `a "b c" d` as argv, the way a shell splits the hint (double quotes only, as it prints them). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2]);
  return words;
}

describe('the Try: hint after a run', () => {
  it('prints commands that work from the checkout: npx logsift, which package.json\'s bin provides', async () => {
    expect(pkg.bin.logsift).toBe('bin/logsift.js');
    const store = mkdtempSync(join(tmpdir(), 'logsift-try-'));
    const r = await cli(['run', '--received-time', '2026-11-26T03:00:00Z', '--store', store, ...SAMPLES]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const hint = lines.slice(lines.findIndex((l) => l.startsWith('Try: '))).map((l) => l.replace(/^Try: /, '').trim());
    expect(hint).toHaveLength(2);
    for (const command of hint) {
      const words = shellWords(command);
      expect(words.slice(0, 2), command).toEqual(['npx', 'logsift']);
      const run = await cli(words.slice(2));
      expect(run.code, command).toBe(0);
      expect(run.stderr, command).toBe('');
    }
  });

  it('npm start echoes the commands it runs the same way', () => {
    expect(readFileSync('bin/start.js', 'utf8')).toContain('$ npx logsift ${args');
  });
});
