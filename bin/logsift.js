#!/usr/bin/env node
// The CLI is TypeScript compiled to dist/ by `npm ci` (the `prepare` script); this shim only starts it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/bin/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('logsift: not built yet; run `npm ci` or `npm run build` first\n');
  process.exit(1);
}
await import(main.href);
