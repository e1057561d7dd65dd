/**
 * Whole-process timing: a command runs as a child with stdout on /dev/null, and its CPU time
 * (user + system, start-up and exit included) is read from the parent's /proc/self/stat
 * `cutime` + `cstime`, which grow by exactly a child's times when it is reaped. Linux only,
 * 10 ms resolution (USER_HZ = 100); the runs measured here take a second or more.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { journaldLines, rfc3164Lines, rfc5424Lines } from './inputs.js';

export const CLI = fileURLToPath(new URL('../../bin/logsift.js', import.meta.url));
const BASELINE_CLI = fileURLToPath(new URL('./baseline-cli.js', import.meta.url));

export interface WholeProcessRow {
  input: string;
  records: number;
  /** logsift's best CPU seconds. */
  seconds: number;
  baseline: string;
  baselineSeconds: number;
  /** The same input's logsift/baseline ratio measured in process, for comparison. */
  inProcessRatio: number;
}

/**
 * One row per input format: `logsift parse FILE` against the baseline script in the same
 * output path, on the same generated lines as the in-process rows (whose ratios, keyed by
 * input name, are passed in to stand beside them).
 */
export async function wholeProcessRows(rounds: number, inProcessRatio: Record<string, number>): Promise<WholeProcessRow[]> {
  const inputs = [
    // Start-up and exit alone: module loading, schema and config set-up.
    { input: 'start-up (1 RFC 5424 line)', lines: rfc5424Lines(1), mode: 'glossy', baseline: 'glossy parse+stringify' },
    { input: 'journald JSON', lines: journaldLines(40_000), mode: 'json', baseline: 'JSON.parse+stringify floor' },
    { input: 'RFC 5424', lines: rfc5424Lines(200_000), mode: 'glossy', baseline: 'glossy parse+stringify' },
    { input: 'RFC 3164', lines: rfc3164Lines(200_000), mode: 'glossy', baseline: 'glossy parse+stringify' },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-'));
  try {
    const rows: WholeProcessRow[] = [];
    for (const { input, lines, mode, baseline } of inputs) {
      const file = join(dir, 'input.log');
      writeFileSync(file, lines.join('\n') + '\n');
      const [baselineSeconds, seconds] = await compareProcesses(rounds, lines.length, [
        { args: [BASELINE_CLI, mode, file] },
        { args: [CLI, 'parse', '--received-time', '2026-11-26T02:00:00Z', file] },
      ]);
      rows.push({ input, records: lines.length, seconds, baseline, baselineSeconds, inProcessRatio: inProcessRatio[input] ?? Number.NaN });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ChildRun {
  /** Arguments after `node`. */
  args: string[];
}

/** Best (lowest) CPU seconds of each run over `rounds` alternating rounds, after a warm-up that also checks the output. */
export async function compareProcesses(rounds: number, expectedLines: number, runs: ChildRun[]): Promise<number[]> {
  for (const run of runs) {
    const lines = await countOutputLines(run.args);
    if (lines !== expectedLines) throw new Error(`node ${run.args.join(' ')} wrote ${lines} lines, expected ${expectedLines}`);
  }
  const best = runs.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < runs.length; i++) best[i] = Math.min(best[i], await childCpuSeconds(runs[i].args));
  }
  return best;
}

/** CPU seconds (user + system) of `node ...args` with stdout on /dev/null. */
export async function childCpuSeconds(args: string[]): Promise<number> {
  const devNull = openSync('/dev/null', 'w');
  try {
    const before = childrenTicks();
    await exited(spawn(process.execPath, args, { stdio: ['ignore', devNull, 'inherit'] }), args);
    return (childrenTicks() - before) / USER_HZ;
  } finally {
    closeSync(devNull);
  }
}

const USER_HZ = 100;

/** cutime + cstime of this process: CPU ticks of every child it has waited for. */
function childrenTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return Number(fields[16 - 3]) + Number(fields[17 - 3]);
}

function countOutputLines(args: string[]): Promise<number> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  });
  return exited(child, args).then(() => lines);
}

function exited(child: ReturnType<typeof spawn>, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited ${code}`))));
  });
}
