import { hash } from 'node:crypto';

/**
 * Names of the objects the local store writes: `<kind>-<32 hex>`, the hex a SHA-256 of the
 * event ids the object holds, in order. Two writes of the same rows get the same name, so a
 * retried write replaces itself; different rows never share a name, so no write replaces
 * another's rows.
 */
export type ObjectKind = 'events' | 'untimed';

/**
 * Rows with an event time live in the partition of that time, always the same one. Rows
 * without one are partitioned by receive time, which differs between runs: their objects are
 * marked `untimed-` so the writer can find every stored one, whatever the partition.
 */
export function objectIdFor(kind: ObjectKind, eventIds: readonly string[]): string {
  return `${kind}-${hash('sha256', eventIds.join('\n')).slice(0, 32)}`;
}

/** Object file names (`<id>.parquet`) of untimed rows. */
export function isUntimedObject(fileName: string): boolean {
  return fileName.startsWith('untimed-') && fileName.endsWith('.parquet');
}
