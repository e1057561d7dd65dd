import { COMPACTED_TABLES } from './compact.js';

/**
 * How many complete hours before the current one the scheduled compaction merges: the last
 * hour, plus two for retried or late-arriving batches that wrote into an hour after it was
 * compacted (their objects are merged, or, as copies of rows already merged, deleted).
 */
export const COMPACT_HOURS_BACK = 3;

/** The partitions (`<table>/dt=…/hour=…`) of the complete hours before `now`, newest first. */
export function previousHourPartitions(now: Date, hoursBack = COMPACT_HOURS_BACK): string[] {
  const out: string[] = [];
  const hourStart = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  for (let k = 1; k <= hoursBack; k++) {
    const iso = new Date(hourStart - k * 3_600_000).toISOString();
    for (const table of COMPACTED_TABLES) out.push(`${table}/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`);
  }
  return out;
}
