/**
 * Timing helpers: one core, warm-up first, best of N rounds. A workload and its baseline run
 * alternately, round by round, so a slow spell on a shared machine hits both alike. A round's
 * time is the process's CPU time (user + system, GC helper threads included), not the wall
 * clock: on a machine shared by many more processes than cores, wall time mostly measured how
 * long the scheduler kept us waiting.
 */

export type Work = () => void | Promise<void>;

/** Best records per CPU second of each workload over `rounds` alternating rounds. */
export async function compare(items: number, rounds: number, works: Work[]): Promise<number[]> {
  for (const w of works) await w(); // warm-up: JIT and caches
  const best = works.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < works.length; i++) {
      globalThis.gc?.();
      const t0 = process.cpuUsage();
      await works[i]();
      const used = process.cpuUsage(t0);
      best[i] = Math.min(best[i], used.user + used.system);
    }
  }
  return best.map((us) => (items / us) * 1e6);
}

export function fmtRate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${Math.round(n / 1000)}k`;
}
