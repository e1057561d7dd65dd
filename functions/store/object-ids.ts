import { createHash } from 'node:crypto';

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
  return objectIdOfLists(kind, [eventIds]);
}

/** objectIdFor of the ids of several lists, each given as its ids joined by newlines (empty: none), or in pieces so joined. */
export function objectIdOfJoined(kind: ObjectKind, joined: Iterable<string>): string {
  const h = createHash('sha256');
  let first = true;
  for (const text of joined) {
    if (text === '') continue;
    if (!first) h.update('\n');
    h.update(text);
    first = false;
  }
  return `${kind}-${h.digest('hex').slice(0, 32)}`;
}

/** Ids joined by newlines at most this many at a time: one string of a partition's ids is megabytes. */
const CHUNK = 4096;

/** objectIdFor of the lists' ids one after the other, without concatenating them. */
export function objectIdOfLists(kind: ObjectKind, lists: Iterable<readonly string[]>): string {
  const h = createHash('sha256');
  let first = true;
  for (const ids of lists) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      // The same bytes as one join: a newline between every two ids, none at the end.
      if (!first) h.update('\n');
      h.update(ids.length <= CHUNK ? ids.join('\n') : ids.slice(i, i + CHUNK).join('\n'));
      first = false;
    }
  }
  return `${kind}-${h.digest('hex').slice(0, 32)}`;
}

/** Object file names (`<id>.parquet`) of untimed rows. */
export function isUntimedObject(fileName: string): boolean {
  return fileName.startsWith('untimed-') && fileName.endsWith('.parquet');
}
