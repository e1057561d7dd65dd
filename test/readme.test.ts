import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../bin/cli/usage.js';

const read = (rel: string): string => readFileSync(new URL(`../${rel}`, import.meta.url), 'utf8');
const README = read('README.md');

/** Pushes Markdown headings `levels` deeper, as the README nests the detector docs. */
function demote(text: string, levels: number): string {
  return text.split('\n').map((l) => (l.startsWith('#') ? '#'.repeat(levels) + l : l)).join('\n');
}

describe('README', () => {
  it('has the two-command Quick start', () => {
    expect(README).toContain('npm ci && npm start');
    expect(README).toContain('npm ci && npm test');
  });

  it('shows the CLI usage exactly as the CLI prints it', () => {
    expect(README).toContain(USAGE);
  });

  it('holds the correction rules and every detector doc as they stand in docs/', () => {
    expect(README).toContain(read('docs/corrections.md').trim());
    for (const name of ['etcd', 'oom', 'cert']) {
      expect(README, name).toContain(demote(read(`docs/detectors/${name}.md`).trim(), 2));
    }
  });

  it('has a performance table with measured numbers', () => {
    expect(README).toMatch(/\| journald JSON[^\n]*\| \d+k \|/);
    expect(README).toMatch(/\| RFC 5424 \| \d+k \|/);
    expect(README).toMatch(/\| RFC 3164 \| \d+k \|/);
    expect(README).toMatch(/\| mixed syslog, parse \+ detect[^\n]*\|/);
  });
});
