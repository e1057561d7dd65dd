import { setFlagsFromString } from 'node:v8';

/**
 * How far `run` lets V8's old generation grow past what the last full GC left live: by half
 * (or V8's minimum step, 8 MB), not by V8's own factor, up to 4x on a machine with memory to
 * spare. A run's live heap is small and flat (11-18 MB), but it promotes garbage steadily
 * (record batches in flight, ids, encoded objects) and ArrayBuffers that die in the old
 * generation are freed only by a full GC; with the default factor, ~30 MB of run's peak RSS
 * on 200,000 syslog lines was that garbage waiting (bench/write-path.ts). A full GC of a heap
 * this size takes a few ms; the store writer reuses its builders (TableWriter.reset), so the
 * extra ones do not cost CPU time on net.
 */
export const RUN_HEAP_GROWING_PERCENT = 50;

/** The flag to set, or null when the user gave their own in NODE_OPTIONS or node's arguments. */
export function heapGrowthFlag(nodeOptions: string | undefined, execArgv: readonly string[]): string | null {
  if (/heap[-_]growing[-_]percent/.test(`${nodeOptions ?? ''} ${execArgv.join(' ')}`)) return null;
  return `--heap-growing-percent=${RUN_HEAP_GROWING_PERCENT}`;
}

/** Sets it for the rest of the process: V8 reads the flag at every GC, so setting it after start works. */
export function boundHeapGrowth(): void {
  const flag = heapGrowthFlag(process.env.NODE_OPTIONS, process.execArgv);
  if (flag !== null) setFlagsFromString(flag);
}
