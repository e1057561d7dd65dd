import { goDurationMs } from './go-duration.js';
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
  disk_latency: { type: 'precursor', kind: 'disk_latency' },
};

/** The shared signal, or a new one carrying the duration the line states (read after `marker`). */
function withDuration(kind: PrecursorKind, s: string, marker: string): PrecursorSignal {
  const at = marker === '' ? -1 : s.indexOf(marker);
  const ms = at < 0 ? null : goDurationMs(s, at + marker.length);
  return ms === null ? SIGNALS[kind] : { type: 'precursor', kind, durationMs: ms };
}

/**
 * etcd's slow-disk and overload warnings, in the wording of both loggers (etcdserver/raft.go,
 * wal/wal.go, etcdserver/util.go, v3_server.go):
 *   zap:      `leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk`,
 *             `slow fdatasync`, `apply request took too long`, `waiting for ReadIndex response took too long, retrying`
 *             (durations are fields: see zapDurationField)
 *   capnslog: `failed to send out heartbeat on time (exceeded the %v timeout for %v, to %x)`,
 *             `sync duration of %v, expected less than %v`, `apply entries took too long [%v for %d entries]`,
 *             `read-only range request %q with result %q took too long (%v) to execute`
 */
export function etcdPrecursor(s: string): PrecursorSignal | null {
  const tooLong = s.indexOf('took too long');
  if (tooLong >= 0) {
    if (s.indexOf('failed to send out heartbeat on time') >= 0) return SIGNALS.heartbeat_late;
    if (s.indexOf('ReadIndex response') >= 0) return SIGNALS.slow_read_index;
    if (s.indexOf('apply entries') >= 0) return withDuration('slow_apply', s, 'took too long [');
    if (s.indexOf('range request') >= 0) return withDuration('slow_apply', s, 'took too long (');
    if (s.indexOf('apply request') >= 0) return SIGNALS.slow_apply;
    return null;
  }
  if (s.indexOf('failed to send out heartbeat on time') >= 0) return withDuration('heartbeat_late', s, ' timeout for ');
  if (s.indexOf('slow fdatasync') >= 0) return SIGNALS.slow_fdatasync;
  if (s.indexOf('sync duration of ') >= 0) return withDuration('slow_fdatasync', s, 'sync duration of ');
  return null;
}

/** The zap field that holds the duration of a precursor's message, if it has one. */
export function zapDurationField(kind: PrecursorKind): string | null {
  switch (kind) {
    case 'heartbeat_late':
      return '"exceeded-duration":';
    case 'slow_fdatasync':
    case 'slow_apply':
      return '"took":';
    default:
      return null;
  }
}

/** A precursor with the duration read from a zap field value (a Go duration string), when there is one. */
export function withZapDuration(sig: PrecursorSignal, value: string | null): PrecursorSignal {
  const ms = value === null ? null : goDurationMs(value);
  return ms === null ? sig : { type: 'precursor', kind: sig.kind, durationMs: ms };
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

/**
 * The kernel's signs that storage stalled:
 *   kernel/hung_task.c:        `INFO: task %s:%d blocked for more than %ld seconds.` (a task in
 *                              uninterruptible I/O wait past kernel.hung_task_timeout_secs)
 *   drivers/nvme/host/pci.c:   `nvme nvme0: I/O %d QID %d timeout, aborting` (and `…, reset controller`),
 *                              newer kernels `I/O tag %d (%04x) opcode … QID %d timeout, aborting …`
 *   drivers/scsi/scsi_error.c: `sd 0:0:0:0: [sda] tag#12 timing out command, waited %lus`
 */
export function kernelDiskPrecursor(s: string): PrecursorSignal | null {
  const marker = ' blocked for more than ';
  const blocked = s.indexOf(marker);
  if (blocked >= 0) {
    if (s.indexOf('task ') < 0 || s.indexOf(' seconds', blocked) < 0) return null;
    // Bare seconds (`120 seconds`), not a Go duration.
    const secs = Number.parseInt(s.slice(blocked + marker.length, blocked + marker.length + 12), 10);
    return Number.isFinite(secs) ? { type: 'precursor', kind: 'disk_latency', durationMs: secs * 1000 } : SIGNALS.disk_latency;
  }
  if (s.indexOf(' QID ') >= 0 && s.indexOf(' timeout, ') >= 0 && s.indexOf('nvme') >= 0) return SIGNALS.disk_latency;
  const waited = s.indexOf('timing out command, waited ');
  if (waited >= 0) return withDuration('disk_latency', s, 'timing out command, waited ');
  return null;
}
