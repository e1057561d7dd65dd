#!/usr/bin/env node
// The TypeScript build (tsconfig.build.json → dist/), for the npm lifecycle:
//   prepare (npm ci / npm install in a checkout): builds when the dev dependencies are there;
//     with `npm ci --omit=dev` there is no tsc, so it says so and succeeds instead of failing
//     the install. `npm pack` also runs prepare; it skips there because prepack builds.
//   prepack (`node packaging/build.mjs --clean`): a clean dist/, so no file of a deleted source
//     goes into the tarball.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const clean = process.argv.includes('--clean');
const lifecycle = process.env.npm_lifecycle_event;
if (lifecycle === 'prepare' && ['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (clean) {
    process.stderr.write('logsift: building the package needs the dev dependencies (npm ci)\n');
    process.exit(1);
  }
  process.stderr.write('logsift: no TypeScript (dev dependencies omitted): dist/ not built; `npm ci` builds it\n');
  process.exit(0);
}
if (clean) rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
process.exit(r.status ?? 1);
