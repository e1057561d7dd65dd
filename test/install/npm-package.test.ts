import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The acceptance, as a fresh machine sees it: `npm pack` of a copy of this checkout
// (prepack builds dist/ there), `npm install -g --omit=dev` of the tarball into a new prefix,
// then that prefix's `logsift` runs the README's main job (`npm start`'s run) on the samples and
// prints the same summary. Needs the npm registry (or npm's cache) for the runtime dependencies.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MINUTES = 60_000;

/** The environment without the npm_* variables of the `npm test` that runs this file. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(file: string, args: string[], cwd: string, env = cleanEnv()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package installs without dev dependencies and runs every command', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'logsift-npm-'));
  const src = join(tmp, 'src');
  const prefix = join(tmp, 'prefix');
  const work = join(tmp, 'work');
  let logsift = '';
  let installed = '';

  beforeAll(() => {
    // A copy of the checkout as a clone would have it (tracked and new files, nothing ignored:
    // no dist/), with this checkout's node_modules for the build's TypeScript.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && existsSync(join(ROOT, f)));
    for (const f of files) cpSync(join(ROOT, f), join(src, f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
    const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], src);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(tmp, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    const install = run('npm', ['install', '-g', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], tmp);
    expect(install.status, install.stderr).toBe(0);
    logsift = join(prefix, 'bin', 'logsift');
    installed = join(prefix, 'lib', 'node_modules', 'logsift');
    cpSync(join(ROOT, 'samples'), join(work, 'samples'), { recursive: true });
  }, 15 * MINUTES);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds the built CLI and schemas, not the sources, the CDK app or dev tools', () => {
    expect(existsSync(join(installed, 'dist/bin/cli/main.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist/schemas/config.schema.json'))).toBe(true);
    for (const absent of ['functions', 'lib', 'test', 'dist/lib', 'dist/bench', 'dist/test', 'tsconfig.json']) {
      expect(existsSync(join(installed, absent)), absent).toBe(false);
    }
    const modules = readdirSync(join(installed, 'node_modules'));
    for (const dev of ['aws-cdk-lib', 'constructs', 'aws-cdk', 'typescript', 'vitest', 'esbuild', 'kinesalite']) {
      expect(modules, dev).not.toContain(dev);
    }
  });

  it("`logsift run` on the samples prints the same summary as `npm start`", () => {
    const start = run('npm', ['start', '--silent'], src);
    expect(start.status, start.stderr).toBe(0);
    // bin/start.js prints "$ npx logsift run …", a blank line, the run's output, then "$ npx logsift query …".
    const header = start.stdout.indexOf('$ npx logsift run ');
    expect(header).toBeGreaterThanOrEqual(0);
    const args = start.stdout.slice(header + '$ npx logsift '.length, start.stdout.indexOf('\n', header)).split(' ');
    const summary = start.stdout.slice(start.stdout.indexOf('\n', header) + 2, start.stdout.indexOf('\n$ npx logsift query '));
    expect(summary).toContain('findings');

    const mine = run(logsift, args, work);
    expect(mine.status, mine.stderr).toBe(0);
    expect(mine.stdout).toBe(summary);
  });

  it('every other command works from the installed package', () => {
    const query = run(logsift, ['query', 'select count(*) as n from logs_auth'], work);
    expect(query.status, query.stderr).toBe(0);
    expect(query.stdout).toMatch(/^\s*4$/m);
    const findings = run(logsift, ['findings', '--type', 'oom_kill', '--json'], work);
    expect(findings.status, findings.stderr).toBe(0);
    expect(findings.stdout).toContain('"oom_kill"');
    const parse = run(logsift, ['parse', 'samples/cp-1.journal.json'], work);
    expect(parse.status, parse.stderr).toBe(0);
    expect(parse.stdout.trim().split('\n').map((l) => JSON.parse(l) as { host: string })[0]!.host).toBe('cp-1');
    const detect = run(logsift, ['detect', '--config', 'samples/logsift.config.json', 'samples/worker-1.journal.json'], work);
    expect(detect.status, detect.stderr).toBe(0);
    expect(detect.stdout).toContain('"oom_kill"');
    for (const [command, usage] of [['ship', 'logsift ship —'], ['replay', 'logsift replay —']] as const) {
      const help = run(logsift, [command, '--help'], work);
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain(usage);
    }
    const version = run(logsift, ['--version'], work);
    expect(version.stdout.trim()).toContain('0.1.0');
    expect(dirname(logsift)).toBe(join(prefix, 'bin'));
  });
});
