/**
 * Whole-process timing: a command runs as a child with stdout on /dev/null, and its CPU time
 * (user + system, start-up and exit included) is read from the parent's /proc/self/stat
 * `cutime` + `cstime`, which grow by exactly a child's times when it is reaped. Linux only,
 * 10 ms resolution (USER_HZ = 100); the runs measured here take a second or more.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

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
