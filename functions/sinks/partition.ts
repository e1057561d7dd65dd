import { rx } from '../shared/safe-regex.js';

/** Hive-style partition of a row: `dt=YYYY-MM-DD/hour=HH` in UTC. */
export interface Partition {
  dt: string;
  hour: string;
}

/**
 * The partition of an event: from its event time, or its receive time when it has none. Record
 * times are one fixed RFC 3339 UTC shape (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), so this is slicing.
 */
export function partitionOf(time: string | null, receivedTime: string): Partition {
  const t = time ?? receivedTime;
  return { dt: t.slice(0, 10), hour: t.slice(11, 13) };
}

/** What object names may hold: no path separators, nothing a shell or S3 console mangles. */
const SAFE_ID = rx(/^[A-Za-z0-9][A-Za-z0-9._=-]{0,199}$/);

/**
 * `<table>/dt=YYYY-MM-DD/hour=HH/<objectId>.parquet`. The object id names what the object holds
 * (CLI: the event ids, functions/store/object-ids.ts; Lambda: `<shardId>-<sequence number>`), so
 * writing the same rows again replaces the same object instead of adding a copy.
 */
export function objectKey(table: string, p: Partition, objectId: string): string {
  if (!SAFE_ID.test(objectId)) throw new Error(`object id not usable in a key: ${objectId.slice(0, 60)}`);
  return `${table}/dt=${p.dt}/hour=${p.hour}/${objectId}.parquet`;
}
