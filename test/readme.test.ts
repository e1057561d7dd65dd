import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../bin/cli/usage.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');
const README = read('README.md');

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return markdownFiles(rel);
    return rel.endsWith('.md') ? [rel] : [];
  });
}

/** Relative Markdown link targets of a file, resolved from the repository root, anchors dropped. */
function links(file: string): string[] {
  const text = read(file);
  const dir = relative(ROOT, join(ROOT, file, '..'));
  return [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => relative(ROOT, join(ROOT, dir, target)));
}

describe('README', () => {
  it('has the two-command Quick start', () => {
    expect(README).toContain('npm ci && npm start');
    expect(README).toContain('npm ci && npm test');
  });

  it('stays short: under 15 KB, reference material lives in docs/', () => {
    expect(Buffer.byteLength(README)).toBeLessThan(15 * 1024);
  });

  it('links every file in docs/', () => {
    const linked = new Set(links('README.md'));
    const docs = markdownFiles('docs');
    expect(docs.length).toBeGreaterThan(5);
    for (const doc of docs) expect(linked.has(doc), doc).toBe(true);
  });

  it('has a performance table with measured numbers', () => {
    expect(README).toMatch(/\| `run`, journald JSON[^\n]*\| [\d.]+ CPU s \|/);
    expect(README).toMatch(/\| handler CPU[^\n]*\| \d+ ms \|/);
    expect(README).toMatch(/\| detection, mixed syslog[^|\n]*\| adds [\d.]+% \|/);
    expect(README).toMatch(/\| journald JSON, in process \| \d+k\/s \|/);
  });

  it('leaves the places other work fills', () => {
    for (const heading of ['## Architecture (AWS)', '## Deployment', '## Shipping logs']) expect(README).toContain(`\n${heading}\n`);
  });
});

describe('docs/', () => {
  it('docs/cli.md shows the CLI usage exactly as the CLI prints it', () => {
    expect(read('docs/cli.md')).toContain('```\n' + USAGE + '\n```');
  });

  it('every relative link in the README and docs/ points at a file that exists', () => {
    for (const file of ['README.md', ...markdownFiles('docs')]) {
      for (const target of links(file)) expect(() => statSync(join(ROOT, target)), `${file} -> ${target}`).not.toThrow();
    }
  });

  it('the README performance table is the one in docs/performance.md', () => {
    // The summary table: from its header row to the first line that is not a table row.
    const table = (text: string): string => {
      const lines = text.split('\n');
      const start = lines.findIndex((l) => l.startsWith('| workload | measured | baseline (same run) |'));
      if (start < 0) return '';
      const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
      return lines.slice(start, end < 0 ? undefined : end).join('\n');
    };
    expect(table(README)).not.toBe('');
    expect(table(README)).toBe(table(read('docs/performance.md')));
  });
});
