/**
 * Deterministic sampling: whether a record is kept depends only on its event_id (hex of
 * SHA-256), so re-running the same input, or retrying a batch, keeps exactly the same records.
 */
export function keptBySample(eventId: string, keep: number): boolean {
  if (keep >= 1) return true;
  // The first 32 bits of a uniform hash, as a fraction in [0, 1).
  return Number.parseInt(eventId.slice(0, 8), 16) / 0x1_0000_0000 < keep;
}
