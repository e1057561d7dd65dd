import { Info, type Zone } from 'luxon';

/**
 * Wall-clock time in an IANA zone -> UTC, fast. Asking luxon per line costs microseconds, so
 * each zone keeps a cache keyed by the local hour: an hour far enough from any offset change
 * maps with one offset; an hour near a change (DST) is resolved exactly, per line, with luxon.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Real offsets lie within -12h..+14h, so a local hour maps into [L - 14h, L + 13h] UTC. */
const SPAN_BEFORE_MS = 14 * HOUR_MS;
const SPAN_AFTER_MS = 14 * HOUR_MS;
/** Bounds each zone's cache (~5.7 years of distinct local hours) so odd inputs can't grow it forever. */
const MAX_CACHED_HOURS = 50_000;
/** Zones are few (one per configured host zone), but names come from config: bound anyway. */
const MAX_ZONES = 1_000;

class ZoneClock {
  private readonly zone: Zone;
  /** Offset in minutes per local hour; NaN marks an hour near an offset change. */
  private readonly byLocalHour = new Map<number, number>();
  private lastHour = NaN;
  private lastOffset = NaN;

  constructor(zone: Zone) {
    this.zone = zone;
  }

  /**
   * UTC ms for a wall-clock time (given as if it were UTC ms). In a DST gap the wall time is
   * read with the offset before the change (02:30 in a spring-forward gap becomes 03:30 DST);
   * in a fall-back overlap the reading closer to `nearMs` (the receive time) wins.
   */
  toUtc(localMs: number, nearMs: number): number {
    const hour = Math.floor(localMs / HOUR_MS);
    let offset: number;
    if (hour === this.lastHour) {
      offset = this.lastOffset;
    } else {
      const cached = this.byLocalHour.get(hour);
      offset = cached ?? this.fill(hour);
      this.lastHour = hour;
      this.lastOffset = offset;
    }
    if (offset === offset) return localMs - offset * MINUTE_MS;
    return this.exact(localMs, nearMs);
  }

  private fill(hour: number): number {
    const start = hour * HOUR_MS;
    const before = this.zone.offset(start - SPAN_BEFORE_MS);
    const after = this.zone.offset(start + HOUR_MS + SPAN_AFTER_MS);
    // Offsets change at most once within a day and a bit, so equal ends mean no change between.
    const offset = before === after ? before : NaN;
    if (this.byLocalHour.size >= MAX_CACHED_HOURS) this.byLocalHour.clear();
    this.byLocalHour.set(hour, offset);
    return offset;
  }

  private exact(localMs: number, nearMs: number): number {
    const earlier = this.zone.offset(localMs - SPAN_BEFORE_MS);
    const later = this.zone.offset(localMs + SPAN_AFTER_MS);
    const withEarlier = localMs - earlier * MINUTE_MS;
    const withLater = localMs - later * MINUTE_MS;
    const earlierFits = this.zone.offset(withEarlier) === earlier;
    const laterFits = this.zone.offset(withLater) === later;
    if (earlierFits && laterFits) {
      return Math.abs(withEarlier - nearMs) <= Math.abs(withLater - nearMs) ? withEarlier : withLater;
    }
    if (laterFits) return withLater;
    return withEarlier;
  }
}

const clocks = new Map<string, ZoneClock | number>();

/**
 * Converts a wall-clock time in `zoneName` to UTC ms. Fixed zones (`UTC`, `UTC+8`) skip the
 * cache; an unknown zone name is read as UTC (config validation is where it gets reported).
 */
export function wallTimeToUtc(localMs: number, zoneName: string, nearMs: number): number {
  if (zoneName === 'UTC') return localMs;
  let clock = clocks.get(zoneName);
  if (clock === undefined) {
    clock = clockFor(zoneName);
    if (clocks.size >= MAX_ZONES) clocks.clear();
    clocks.set(zoneName, clock);
  }
  return typeof clock === 'number' ? localMs - clock * MINUTE_MS : clock.toUtc(localMs, nearMs);
}

/** A fixed offset in minutes, or a cached clock for zones whose offset changes. */
function clockFor(zoneName: string): ZoneClock | number {
  const zone = Info.normalizeZone(zoneName);
  if (!zone.isValid) return 0;
  if (zone.isUniversal) return zone.offset(0);
  return new ZoneClock(zone);
}
