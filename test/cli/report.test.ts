import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const SAMPLES = readdirSync('samples').filter((f) => f.endsWith('.log') || f.endsWith('.journal.json')).sort().map((f) => `samples/${f}`);
let store: string;

/** The finding sections of a report, by element id. */
function sections(page: string): string[] {
  return [...page.matchAll(/<section class="finding[^"]*" id="([0-9a-f]{32})"/g)].map((m) => m[1]);
}

beforeAll(async () => {
  store = join(mkdtempSync(join(tmpdir(), 'logsift-report-cli-')), 'store');
  const run = await cli(['run', '--store', store, '--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json', ...SAMPLES]);
  expect(run.code).toBe(0);
});

describe('logsift report', () => {
  it('writes report.html into the store by default, one section per finding of findings_latest, and prints its path', async () => {
    const r = await cli(['report', '--store', store]);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `Report: ${join(store, 'report.html')} (8 findings)\n` });
    const ids = (await cli(['findings', '--store', store, '--json'])).lines.map((f) => f.finding_id);
    expect(sections(readFileSync(join(store, 'report.html'), 'utf8')).sort()).toEqual(ids.sort());
  });

  it('keeps one type with --type, and with --since only findings and records of that period (none: the samples are of 2026-11-26)', async () => {
    const out = join(store, '..', 'certs.html');
    expect((await cli(['report', '--store', store, '--out', out, '--type', 'cert_expired'])).code).toBe(0);
    expect(sections(readFileSync(out, 'utf8'))).toHaveLength(2);
    const recent = join(store, '..', 'recent.html');
    expect((await cli(['report', '--store', store, '--out', recent, '--since', '1h'])).stdout).toContain('(0 findings)');
    expect(readFileSync(recent, 'utf8')).toContain('No findings.');
  });

  it('fails with one line for a missing store (exit 1), an unknown type or an argument (exit 2), and writes nothing', async () => {
    const missing = await cli(['report', '--store', join(store, 'nope'), '--out', join(store, '..', 'x.html')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^logsift: no store at .*\n$/);
    expect(existsSync(join(store, '..', 'x.html'))).toBe(false);
    expect((await cli(['report', '--store', store, '--type', 'OOM kill'])).stderr).toMatch(/^logsift: --type must be a finding type such as oom_kill/);
    expect((await cli(['report', '--store', store, '--type', 'OOM kill'])).code).toBe(2);
    expect(await cli(['report', 'extra'])).toMatchObject({ code: 2, stderr: 'logsift: report takes no arguments (got extra); see --help\n' });
  });
});
