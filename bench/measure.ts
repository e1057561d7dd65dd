/** Timing helpers: best-of-N rounds on one core, after a warm-up, so JIT and GC noise settle. */

export interface Rate {
  name: string;
  perSecond: number;
}

export function ratePerSecond(name: string, items: number, rounds: number, run: () => void): Rate {
  run(); // warm-up: JIT and caches
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    run();
    const ns = Number(process.hrtime.bigint() - t0);
    if (ns < best) best = ns;
  }
  return { name, perSecond: (items / best) * 1e9 };
}

export async function ratePerSecondAsync(name: string, items: number, rounds: number, run: () => Promise<void>): Promise<Rate> {
  await run();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    await run();
    const ns = Number(process.hrtime.bigint() - t0);
    if (ns < best) best = ns;
  }
  return { name, perSecond: (items / best) * 1e9 };
}

export function fmtRate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${Math.round(n / 1000)}k`;
}
