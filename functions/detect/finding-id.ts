import { eventIdFor } from '../pipeline/event-id.js';

/**
 * Deterministic finding id from the parts that name one incident (e.g. type, cluster, term),
 * never from arrival order, so retries, replays and other reporters land on the same id.
 */
export function findingId(...parts: Array<string | number | null>): string {
  // A loop, not a callback: a closure made per call loses its optimized code at each full GC.
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    text += (i === 0 ? '' : '\u001f') + (p === null ? '\u0000' : String(p));
  }
  return eventIdFor(text);
}
