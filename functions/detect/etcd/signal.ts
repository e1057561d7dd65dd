/** What one etcd or systemd-journald line says, as far as leadership and its causes go. */

/** Raft leadership events, named after etcd/raft's own log lines. */
export type LeadershipKind =
  /** `raft.node: %x elected leader %x at term %d` */
  | 'elected'
  /** `raft.node: %x changed leader from %x to %x at term %d` */
  | 'changed'
  /** `raft.node: %x lost leader %x at term %d` */
  | 'lost'
  /** `%x became leader at term %d` */
  | 'became_leader'
  /** `%x became candidate at term %d` */
  | 'became_candidate'
  /** `%x became pre-candidate at term %d` */
  | 'became_pre_candidate'
  /** `%x became follower at term %d` */
  | 'became_follower'
  /** `%x is starting a new election at term %d` */
  | 'election_start'
  /** raft `%x [term %d] starts to transfer leadership to %x`; etcdserver `starts leadership transfer from %s to %s` / zap `leadership transfer starting` */
  | 'transfer_start'
  /** raft `%x [term %d] received MsgTimeoutNow from %x and starts an election to get leadership.` */
  | 'timeout_now'
  /** raft `newRaft %x [peers: [...], term: %d, ...]`: the member (re)started with this term. */
  | 'member_start';

export interface LeadershipSignal {
  type: 'leadership';
  kind: LeadershipKind;
  /** The member that logged it (hex id), or null when the line does not say (etcdserver lines). */
  node: string | null;
  /** The leader it names: elected/changed (new leader), became_leader (node), transfer/timeout_now (transferee). */
  leader: string | null;
  /** The other leader it names: changed (from), lost (the lost leader), timeout_now/transfer (current leader). */
  other: string | null;
  /** Raft term, or null when the line states none (etcdserver transfer lines). */
  term: number | null;
}

/** Lines that precede leader loss when a member's disk or CPU cannot keep up. */
export type PrecursorKind =
  /** etcd: `failed to send out heartbeat on time` (capnslog and zap wording). */
  | 'heartbeat_late'
  /** etcd: zap `slow fdatasync`, capnslog `wal: sync duration of %v, expected less than %v`. */
  | 'slow_fdatasync'
  /** etcd: `apply request took too long`, `apply entries took too long`, `read-only range request … took too long`. */
  | 'slow_apply'
  /** etcd: `waiting for ReadIndex response took too long`. */
  | 'slow_read_index'
  /** journald: `Time spent on flushing to … is …`, `Received client request to flush runtime journal.` */
  | 'journald_flush'
  /** journald: `Journal started` / `Journal stopped` (journald restarted). */
  | 'journald_restart'
  /** journald: rotation (client request, header limits reached, `suggesting rotation`). */
  | 'journald_rotate'
  /** journald: `Vacuuming done, freed …`, `Deleted archived journal …`. */
  | 'journald_vacuum'
  /** kernel: a task stuck in I/O wait (`INFO: task %s:%d blocked for more than %ld seconds.`), block-device command timeouts (NVMe, SCSI). */
  | 'disk_latency';

export const PRECURSOR_KINDS: readonly PrecursorKind[] = [
  'heartbeat_late', 'slow_fdatasync', 'slow_apply', 'slow_read_index',
  'journald_flush', 'journald_restart', 'journald_rotate', 'journald_vacuum', 'disk_latency',
];

export interface PrecursorSignal {
  type: 'precursor';
  kind: PrecursorKind;
  /** How long the line says the stall lasted (heartbeat delay, fsync, apply, I/O wait), when it says. */
  durationMs?: number;
}

export type EtcdSignal = LeadershipSignal | PrecursorSignal;
