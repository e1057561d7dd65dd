import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const RUN = ['run', '--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json'];
const SAMPLES = ['samples/cp-1.journal.json', 'samples/worker-1.journal.json', 'samples/cp-2.rfc5424.log', 'samples/cp-3.rfc3164.log', 'samples/web-2.rfc5424.log'];
const DOCS = ['README.md', 'docs/cli.md', 'docs/tables.md'];

/** Every `logsift query "SQL"` the docs show that reads findings, with its SQL. */
function documentedFindingQueries(): string[] {
  const found = new Set<string>();
  for (const doc of DOCS) {
    for (const line of readFileSync(doc, 'utf8').split('\n')) {
      const at = line.indexOf('logsift query ');
      if (at < 0) continue;
      const open = line.indexOf('"', at);
      const close = line.indexOf('"', open + 1);
      if (open < 0 || close < 0) continue;
      const sql = line.slice(open + 1, close);
      if (/\bfindings/.test(sql)) found.add(sql);
    }
  }
  return [...found];
}

/** The answer as a sorted list of rows; written_at (when a version was written) differs between runs by design. */
async function answer(store: string, sql: string): Promise<string[]> {
  const r = await cli(['query', '--store', store, '--json', sql]);
  expect(r.stderr, sql).toBe('');
  return r.lines.map(({ written_at, ...row }) => JSON.stringify(row)).sort();
}

let once: string;
let twice: string;

beforeAll(async () => {
  once = mkdtempSync(join(tmpdir(), 'logsift-docs-once-'));
  twice = mkdtempSync(join(tmpdir(), 'logsift-docs-twice-'));
  expect((await cli([...RUN, '--store', once, ...SAMPLES])).code).toBe(0);
  // `npm start` run twice: the second run writes the findings again, as new versions.
  for (let i = 0; i < 2; i++) expect((await cli([...RUN, '--store', twice, ...SAMPLES])).code).toBe(0);
}, 120_000);

describe('the documented findings queries do not over-count after a re-run', () => {
  it('the re-run store really holds several versions of some findings', async () => {
    const [counts] = (await cli(['query', '--store', twice, '--json', 'select count(*) as rows, count(distinct finding_id) as ids from findings'])).lines;
    expect(counts.rows).toBeGreaterThan(counts.ids);
  });

  it('the docs show such queries', () => {
    expect(documentedFindingQueries().length).toBeGreaterThanOrEqual(3);
  });

  it('each answers the same over the samples run once and run twice', async () => {
    for (const sql of documentedFindingQueries()) expect(await answer(twice, sql), sql).toEqual(await answer(once, sql));
  });

  it('the README count is the number of findings', async () => {
    const sql = documentedFindingQueries().find((q) => /count\(\*\)/.test(q) && /\btype\b/.test(q))!;
    const rows = (await cli(['query', '--store', twice, '--json', sql])).lines;
    const [distinct] = (await cli(['query', '--store', twice, '--json', 'select count(distinct finding_id) as n from findings'])).lines;
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(distinct.n);
  });
});
