import { eventIdFor } from '../pipeline/event-id.js';

/**
 * Deterministic finding id from the parts that name one incident (e.g. type, cluster, term),
 * never from arrival order, so retries, replays and other reporters land on the same id.
 */
export function findingId(...parts: Array<string | number | null>): string {
  return eventIdFor(parts.map((p) => (p === null ? '\u0000' : String(p))).join('\u001f'));
}
