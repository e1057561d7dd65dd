import type { PrecursorKind, PrecursorSignal } from './signal.js';

const SIGNALS: Record<PrecursorKind, PrecursorSignal> = {
  heartbeat_late: { type: 'precursor', kind: 'heartbeat_late' },
  slow_fdatasync: { type: 'precursor', kind: 'slow_fdatasync' },
  slow_apply: { type: 'precursor', kind: 'slow_apply' },
  slow_read_index: { type: 'precursor', kind: 'slow_read_index' },
  journald_flush: { type: 'precursor', kind: 'journald_flush' },
  journald_restart: { type: 'precursor', kind: 'journald_restart' },
  journald_rotate: { type: 'precursor', kind: 'journald_rotate' },
  journald_vacuum: { type: 'precursor', kind: 'journald_vacuum' },
};

/**
 * etcd's slow-disk and overload warnings, in the wording of both loggers:
 *   zap:      `leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk`,
 *             `slow fdatasync`, `apply request took too long`, `waiting for ReadIndex response took too long, retrying`
 *   capnslog: `failed to send out heartbeat on time (exceeded the %v timeout for %v, to %x)`,
 *             `sync duration of %v, expected less than %v`, `apply entries took too long [%v for %d entries]`,
 *             `read-only range request %q with result %q took too long (%v) to execute`
 */
export function etcdPrecursor(s: string): PrecursorSignal | null {
  const tooLong = s.indexOf('took too long');
  if (tooLong >= 0) {
    if (s.indexOf('failed to send out heartbeat on time') >= 0) return SIGNALS.heartbeat_late;
    if (s.indexOf('ReadIndex response') >= 0) return SIGNALS.slow_read_index;
    if (s.indexOf('apply request') >= 0 || s.indexOf('apply entries') >= 0 || s.indexOf('range request') >= 0) return SIGNALS.slow_apply;
    return null;
  }
  if (s.indexOf('failed to send out heartbeat on time') >= 0) return SIGNALS.heartbeat_late;
  if (s.indexOf('slow fdatasync') >= 0 || s.indexOf('sync duration of ') >= 0) return SIGNALS.slow_fdatasync;
  return null;
}

/**
 * systemd-journald's own messages about moving and pruning journal files (journald-server.c,
 * journal-vacuum.c, journald-varlink.c): each one means a burst of disk writes on that host.
 */
export function journaldPrecursor(s: string): PrecursorSignal | null {
  switch (s.charCodeAt(0)) {
    case 84 /* T */:
      return s.startsWith('Time spent on flushing to ') ? SIGNALS.journald_flush : null;
    case 74 /* J */:
      return s === 'Journal started' || s === 'Journal stopped' ? SIGNALS.journald_restart : null;
    case 82 /* R */:
      if (s.startsWith('Received client request to flush runtime journal')) return SIGNALS.journald_flush;
      return s.startsWith('Received client request to rotate journal') ? SIGNALS.journald_rotate : null;
    case 86 /* V */:
      return s.startsWith('Vacuuming done, freed ') ? SIGNALS.journald_vacuum : null;
    case 68 /* D */:
      return s.startsWith('Deleted archived journal ') ? SIGNALS.journald_vacuum : null;
    default:
      // `<path>: Journal header limits reached or header out-of-date, rotating[.]`
      return s.includes(': Journal header limits reached or header out-of-date, rotating') ? SIGNALS.journald_rotate : null;
  }
}
