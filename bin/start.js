#!/usr/bin/env node
// `npm start`: the sample logs through `logsift run` into a fresh ./logsift-data, one query, then
// the HTML report (./logsift-data/report.html).
// Plain Node (no shell built-ins), so it runs the same from sh, PowerShell and cmd.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';

const STORE = 'logsift-data';
// Every log in samples/ (test/samples.test.ts runs the same set).
const SAMPLES = readdirSync('samples')
  .filter((f) => f.endsWith('.log') || f.endsWith('.journal.json'))
  .sort()
  .map((f) => `samples/${f}`);
// A fixed received time makes every run write the same rows (RFC 3164 years are read relative to it).
const RUN = ['run', '--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json', ...SAMPLES];
const QUERY = [
  'query',
  "select app, facility_received, facility_name, corrections, count(*) as n from logs where app = 'etcd' group by all order by n desc",
];
const REPORT = ['report'];
/** What `logsift run` and `logsift report` put in a store; anything else in the directory means it is not one to delete. */
const STORE_ENTRIES = new Set(['logs', 'logs_auth', 'quarantine', 'findings', 'state', 'report.html']);

if (existsSync(STORE)) {
  const foreign = readdirSync(STORE).filter((name) => !STORE_ENTRIES.has(name));
  if (foreign.length > 0) {
    process.stderr.write(`npm start: ./${STORE} holds ${foreign.join(', ')}, which logsift did not write; move it away first\n`);
    process.exit(1);
  }
  rmSync(STORE, { recursive: true, force: true });
}

for (const args of [RUN, QUERY, REPORT]) {
  // Echoed as `npx logsift`, the spelling that works from this checkout (package.json's bin).
  process.stdout.write(`\n$ npx logsift ${args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}\n\n`);
  const r = spawnSync(process.execPath, ['bin/logsift.js', ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
