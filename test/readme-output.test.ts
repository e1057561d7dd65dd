import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bin/cli/run.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The CLI in-process, its stdout a 100-column terminal, as the README's output was taken. */
async function onTerminal(argv: string[]): Promise<string> {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr: new PassThrough() });
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString('utf8');
}

/** The README text between a line starting with `from` and the next line starting with `to`. */
function between(from: string, to: string): string {
  const start = README.indexOf('\n', README.indexOf(from)) + 1;
  return README.slice(start, README.indexOf(to, start)).replace(/^\n+/, '');
}

describe('the output pasted in the README is what the commands print', () => {
  // bin/start.js's run: every log in samples/, the samples' config, a fixed received time.
  const samples = readdirSync('samples').filter((f) => f.endsWith('.log') || f.endsWith('.journal.json')).sort().map((f) => `samples/${f}`);
  const store = mkdtempSync(join(tmpdir(), 'logsift-readme-'));
  let summary: string;

  beforeAll(async () => {
    summary = await onTerminal(['run', '--store', store, '--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json', ...samples]);
  });

  it('npm start: the run summary, the query of the corrected etcd facilities, then the report', async () => {
    // The README shows the default store.
    const asDefault = summary.replaceAll(` --store ${store}`, '').replace(`Store: ${store}`, 'Store: ./logsift-data');
    expect(between('$ npx logsift run ', '$ npx logsift query "select app')).toBe(asDefault + '\n');
    const etcd = "select app, facility_received, facility_name, corrections, count(*) as n from logs where app = 'etcd' group by all order by n desc";
    const report = (await onTerminal(['report', '--store', store])).replace(`${store}/`, 'logsift-data/');
    expect(README).toContain(`$ npx logsift query "${etcd}"\n\n${await onTerminal(['query', '--store', store, etcd])}\n$ npx logsift report\n\n${report}\`\`\``);
  });

  it('the queries after it', async () => {
    const shown = [...README.matchAll(/^\$ npx logsift query "(.*)"\n([\s\S]*?\n\(\d+ rows?\)\n)/gm)];
    expect(shown.length).toBeGreaterThanOrEqual(2);
    // npm start's own query is echoed with a blank line after it, as bin/start.js prints it.
    for (const [, sql, output] of shown) expect(output.replace(/^\n/, ''), sql).toBe(await onTerminal(['query', '--store', store, sql]));
  });
});
