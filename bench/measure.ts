/**
 * Timing helpers: one core, warm-up first, best of N rounds. A workload and its baseline run
 * alternately, round by round, so a slow spell on a shared machine hits both alike.
 */

export type Work = () => void | Promise<void>;

/** Best records/s of each workload over `rounds` alternating rounds. */
export async function compare(items: number, rounds: number, works: Work[]): Promise<number[]> {
  for (const w of works) await w(); // warm-up: JIT and caches
  const best = works.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < works.length; i++) {
      globalThis.gc?.();
      const t0 = process.hrtime.bigint();
      await works[i]();
      best[i] = Math.min(best[i], Number(process.hrtime.bigint() - t0));
    }
  }
  return best.map((ns) => (items / ns) * 1e9);
}

export function fmtRate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${Math.round(n / 1000)}k`;
}
