/**
 * Which log shipper wrapped a JSON event, for the shapes that are not journalctl's own:
 *   - Vector's `journald` source (legacy namespace, JSON codec): `source_type: "journald"`,
 *     MESSAGE renamed `message`, _HOSTNAME renamed `host`, a `timestamp` added.
 *   - Fluent Bit's `systemd` input: journal fields without the `__` address fields journalctl
 *     adds (no __CURSOR, no __REALTIME_TIMESTAMP), maybe with `Strip_Underscores`/`Lowercase`
 *     names and a `time_key` the output added.
 *   - Amazon Kinesis Agent's LOGTOJSON (logFormat SYSLOG or RFC3339SYSLOG): exactly the keys
 *     timestamp, hostname, program, processid, message.
 */
export type ShipperShape = 'vector' | 'fluent-bit' | 'kinesis-agent';

const AGENT_KEYS = new Set(['timestamp', 'hostname', 'program', 'processid', 'message']);

export function shipperShapeOf(o: Record<string, unknown>): ShipperShape | null {
  if (o.source_type === 'journald' && 'message' in o) return 'vector';
  if (isKinesisAgentSyslog(o)) return 'kinesis-agent';
  if (!('__CURSOR' in o) && !('__REALTIME_TIMESTAMP' in o) && ('_BOOT_ID' in o || 'BOOT_ID' in o || 'boot_id' in o) && ('MESSAGE' in o || 'message' in o)) {
    return 'fluent-bit';
  }
  return null;
}

function isKinesisAgentSyslog(o: Record<string, unknown>): boolean {
  let n = 0;
  for (const k in o) {
    if (!AGENT_KEYS.has(k)) return false;
    const v = o[k];
    if (v !== null && typeof v !== 'string') return false;
    n++;
  }
  return n >= 4 && typeof o.timestamp === 'string' && typeof o.hostname === 'string' && typeof o.program === 'string' && typeof o.message === 'string';
}
