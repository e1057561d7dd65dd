import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (where package-lock.json is), found from this file whether it runs as
 * TypeScript under vitest (lib/) or compiled (dist/lib/), so the Lambda entry resolves in both.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package-lock.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('logsift: no package-lock.json above lib/');
    dir = parent;
  }
}
