import { createHash } from 'node:crypto';

/**
 * Deterministic event id: the same source identity gives the same id on every run and retry.
 * SHA-256 so ids from different transports cannot collide by construction; 128 bits kept.
 */
export function eventIdFor(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
