import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journaldLines } from './inputs.js';
import { CLI } from './whole-process.js';

export interface MemoryResult {
  inputMB: number;
  records: number;
  seconds: number;
  peakRssMB: number;
  smallPeakRssMB: number;
}

/** Writes `mb` MB of journald JSON to a temp file and runs the real CLI over it, twice sized. */
export async function streamedMemory(mb: number): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-'));
  try {
    const small = await writeInput(join(dir, 'small.json'), 1);
    const big = await writeInput(join(dir, 'big.json'), mb);
    const smallRun = await runCli(small.path);
    const bigRun = await runCli(big.path);
    if (bigRun.lines !== big.records) throw new Error(`CLI wrote ${bigRun.lines} records for ${big.records} inputs`);
    return { inputMB: mb, records: big.records, seconds: bigRun.seconds, peakRssMB: bigRun.peakRssMB, smallPeakRssMB: smallRun.peakRssMB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeInput(path: string, mb: number): Promise<{ path: string; records: number }> {
  const block = journaldLines(2000).join('\n') + '\n';
  const out = createWriteStream(path);
  let written = 0;
  let records = 0;
  while (written < mb * 1024 * 1024) {
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += Buffer.byteLength(block);
    records += 2000;
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { path, records };
}

/** Runs the CLI, counting output lines and sampling the child's peak RSS (VmHWM) from /proc. */
function runCli(input: string): Promise<{ lines: number; seconds: number; peakRssMB: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, 'parse', '--received-time', '2026-11-26T02:00:00Z', input], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    let peakKb = 0;
    const sample = (): void => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* the child has exited */
      }
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      sample();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`CLI exited ${code}`));
      else resolve({ lines, seconds: Number(process.hrtime.bigint() - t0) / 1e9, peakRssMB: peakKb / 1024 });
    });
  });
}
