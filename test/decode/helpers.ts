import { createFramer, type FramedEvent, type FramerOptions } from '../../functions/decode/framer.js';

export function framerOptions(over: Partial<FramerOptions> = {}): FramerOptions {
  return { framing: 'lines', format: 'auto', maxEventBytes: 1024 * 1024, source: 'test', ...over };
}

/** Frames `buf` fed in pieces cut at `cuts` (sorted byte offsets). */
export function frameInPieces(buf: Buffer, cuts: number[], opts: FramerOptions): FramedEvent[] {
  const framer = createFramer(opts);
  const out: FramedEvent[] = [];
  let prev = 0;
  for (const cut of [...cuts, buf.length]) {
    out.push(...framer.push(buf.subarray(prev, cut)));
    prev = cut;
  }
  out.push(...framer.end());
  return out;
}

/** Events as plain comparable values. */
export function summary(events: FramedEvent[]): { data: string; index: number; error?: string }[] {
  return events.map((e) => (e.error === undefined ? { data: e.data.toString('latin1'), index: e.index } : { data: e.data.toString('latin1'), index: e.index, error: e.error }));
}

export function texts(events: FramedEvent[]): string[] {
  return events.map((e) => e.data.toString('utf8'));
}
