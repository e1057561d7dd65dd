import { createHash } from 'node:crypto';

/**
 * Deterministic finding id from the parts that name one incident (e.g. type, cluster, term),
 * never from arrival order, so retries, replays and other reporters land on the same id.
 */
export function findingId(...parts: Array<string | number | null>): string {
  return createHash('sha256').update(parts.map((p) => (p === null ? '\u0000' : String(p))).join('\u001f')).digest('hex').slice(0, 32);
}
