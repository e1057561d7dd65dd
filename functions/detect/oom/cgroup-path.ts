import { rx } from '../../shared/safe-regex.js';

/** What a memory cgroup path (or a systemd unit name) says about the workload in it. */
export interface CgroupIdentity {
  pod_uid: string | null;
  container_id: string | null;
  qos_class: 'guaranteed' | 'burstable' | 'besteffort' | null;
  /** The last path element when it is a systemd service or scope, e.g. `nginx.service`. */
  unit: string | null;
}

const CONTAINER_ID = rx(/^[0-9a-f]{64}$/);
const POD_UID = rx(/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/);
/** Runtime prefixes of container scopes and directories: containerd, CRI-O, Docker, Podman. */
const RUNTIME_PREFIXES = ['cri-containerd-', 'crio-', 'docker-', 'libpod-'];
const MAX_PATH = 4096;

export const NO_IDENTITY: CgroupIdentity = { pod_uid: null, container_id: null, qos_class: null, unit: null };

/**
 * Reads the kubelet's cgroup layouts: cgroupfs `/kubepods/[burstable|besteffort/]pod<uid>/<cid>`
 * and systemd `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_with_underscores>.slice/cri-containerd-<cid>.scope`
 * (pods of Guaranteed QoS sit directly under kubepods), plus Docker's `/docker/<cid>` and
 * `/system.slice/docker-<cid>.scope`. A bare unit name (`cri-containerd-<cid>.scope`) works too.
 */
export function identifyCgroup(path: string | null): CgroupIdentity {
  if (path === null || path.length === 0 || path.length > MAX_PATH) return NO_IDENTITY;
  const parts = path.split('/').filter((p) => p.length > 0);
  let pod_uid: string | null = null;
  let qos: CgroupIdentity['qos_class'] = null;
  let kubepods = false;
  for (const part of parts) {
    if (part === 'kubepods' || part === 'kubepods.slice') kubepods = true;
    if (part === 'burstable' || part === 'kubepods-burstable.slice') qos = 'burstable';
    else if (part === 'besteffort' || part === 'kubepods-besteffort.slice') qos = 'besteffort';
    const uid = podUidOf(part);
    if (uid !== null) pod_uid = uid;
  }
  if (qos === null && kubepods && pod_uid !== null) qos = 'guaranteed';
  const last = parts.length > 0 ? parts[parts.length - 1] : '';
  return { pod_uid, container_id: containerIdOf(last), qos_class: pod_uid !== null ? qos : null, unit: unitOf(last) };
}

/** `pod<uid>` (cgroupfs) or `kubepods[-qos]-pod<uid_>.slice` (systemd). */
function podUidOf(part: string): string | null {
  let raw: string | null = null;
  if (part.startsWith('pod')) raw = part.slice(3);
  else if (part.endsWith('.slice')) {
    const at = part.lastIndexOf('-pod');
    if (at >= 0) raw = part.slice(at + 4, part.length - 6).replaceAll('_', '-');
  }
  return raw !== null && POD_UID.test(raw) ? raw : null;
}

function containerIdOf(part: string): string | null {
  let id = part.endsWith('.scope') ? part.slice(0, -6) : part;
  for (const prefix of RUNTIME_PREFIXES) {
    if (id.startsWith(prefix)) {
      id = id.slice(prefix.length);
      break;
    }
  }
  return CONTAINER_ID.test(id) ? id : null;
}

function unitOf(part: string): string | null {
  return part.endsWith('.service') || part.endsWith('.scope') ? part : null;
}
