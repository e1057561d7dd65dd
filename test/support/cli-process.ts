import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules so the bundle's external imports (DuckDB, hyparquet, ...) resolve.
const OUT_DIR = fileURLToPath(new URL('../../node_modules/.cache/logsift-test/', import.meta.url));

let bundled: Promise<string> | null = null;

/**
 * The CLI from the current sources as one ESM file, for tests that need it as a real process
 * (killed with SIGKILL, or run side by side): bundled once per test file, starts in a fraction
 * of a second where transpiling every source file on load takes many.
 */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const outfile = `${OUT_DIR}cli-${process.pid}.mjs`;
    process.on('exit', () => rmSync(outfile, { force: true }));
    await build({ entryPoints: [`${ROOT}bin/cli/main.ts`], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'silent' });
    return outfile;
  })();
  return bundled;
}

/** `logsift ARGS` as a child process (the bundled CLI), stdin and stdout piped. */
export async function spawnCli(args: string[]): Promise<ChildProcess> {
  return spawn(process.execPath, [await cliBundle(), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Waits for the child to end; its exit code, or the signal that ended it. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const err: Buffer[] = [];
  child.stderr?.on('data', (c: Buffer) => err.push(c));
  child.stdout?.resume();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr: Buffer.concat(err).toString() })));
}
