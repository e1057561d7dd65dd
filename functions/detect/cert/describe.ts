import { formatMillis } from '../../shared/time.js';
import type { Finding, FindingType } from '../types.js';
import type { CertKind, CertSignal } from './signal.js';
import { NEIGHBOUR_WINDOW_MS, type CertFindingState, type NeighbourLine } from './state.js';

export const FINDING_TYPE: Record<CertKind, FindingType> = {
  expired: 'cert_expired',
  not_yet_valid: 'cert_not_yet_valid',
  expiring: 'cert_expiring',
};

/** Turns a window's state (and neighbouring tool lines) into the finding reported for it. */
export function describeFinding(state: CertFindingState, neighbours: readonly NeighbourLine[]): Finding {
  const sig = state.first.signal;
  const context = fromNeighbours(state, neighbours);
  const subject = sig.subject ?? context.subject;
  const boundMs = sig.boundMs ?? (state.kind === 'not_yet_valid' ? context.notBeforeMs : context.notAfterMs);
  // Go states the verifier's clock; elsewhere the record's event time is the best stand-in.
  const currentMs = sig.currentTimeMs ?? state.first.ms;
  const details: Record<string, unknown> = {
    kind: state.kind,
    kind_certain: sig.kindCertain,
    source: sig.source,
    rejected_by: sig.rejectedBy,
    cert_role: sig.certRole,
    scope: sig.scope,
    depth: sig.depth,
    subject,
    subject_from: sig.subject ? 'message' : context.subject ? 'neighbour_line' : null,
    peer: sig.peer,
    peer_url: sig.peerUrl,
    app: state.app,
    relation: sig.relation,
    current_time: formatMillis(currentMs),
    current_time_from: sig.currentTimeMs !== null ? 'message' : 'event_time',
    bound_time: boundMs === null ? null : formatMillis(boundMs),
    error_code: sig.errorCode,
    occurrences: Object.keys(state.evidence).length,
    evidence_capped: state.evidenceCapped,
    window_start: formatMillis(state.windowStartMs),
    window_end: formatMillis(state.windowEndMs),
    example_message: state.first.message,
  };
  if (context.subjectCandidates.length > 1) details.subject_candidates = context.subjectCandidates;
  addBoundDetails(details, state.kind, boundMs, currentMs, sig);
  return {
    finding_id: state.findingId,
    type: FINDING_TYPE[state.kind],
    severity: state.kind === 'expiring' ? 'warning' : 'critical',
    time: state.first.time,
    time_end: state.lastTime,
    host: state.host,
    cluster: state.cluster,
    summary: summarize(state, sig, subject, boundMs),
    details,
    evidence: Object.entries(state.evidence)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .map(([id]) => id),
    remediation: remediate(state.kind, sig),
    status: 'open',
    last_seen: state.lastTime,
  };
}

function addBoundDetails(d: Record<string, unknown>, kind: CertKind, boundMs: number | null, currentMs: number, sig: CertSignal): void {
  const bound = boundMs === null ? null : formatMillis(boundMs);
  const seconds = boundMs === null ? null : Math.round(Math.abs(currentMs - boundMs) / 1000);
  if (kind === 'expired') {
    d.not_after = bound;
    d.expired_for_seconds = seconds;
  } else if (kind === 'not_yet_valid') {
    d.not_before = bound;
    d.seconds_until_valid = seconds;
  } else {
    d.not_after = bound;
    d.seconds_until_expiry = seconds;
    d.rotation_deadline = sig.rotationDeadlineMs === null ? null : formatMillis(sig.rotationDeadlineMs);
  }
}

interface NeighbourContext {
  subject: string | null;
  subjectCandidates: string[];
  notAfterMs: number | null;
  notBeforeMs: number | null;
}

/**
 * Subject and bounds from tool lines printed within a second of the first error line. Used
 * only when exactly one distinct value is near: several (an s_client chain) stay candidates.
 */
function fromNeighbours(state: CertFindingState, lines: readonly NeighbourLine[]): NeighbourContext {
  const near = lines.filter((l) => Math.abs(l.ms - state.first.ms) <= NEIGHBOUR_WINDOW_MS);
  const distinct = <T>(values: Array<T | null>): T[] => [...new Set(values.filter((v): v is T => v !== null))];
  const subjects = distinct(near.map((l) => l.subject)).sort();
  const notAfter = distinct(near.map((l) => l.notAfterMs));
  const notBefore = distinct(near.map((l) => l.notBeforeMs));
  return {
    subject: subjects.length === 1 ? subjects[0] : null,
    subjectCandidates: subjects,
    notAfterMs: notAfter.length === 1 ? notAfter[0] : null,
    notBeforeMs: notBefore.length === 1 ? notBefore[0] : null,
  };
}

const WORDING: Record<string, string> = {
  'go-x509': 'Go crypto/x509',
  etcd: 'etcd',
  'go-tls-alert': 'Go crypto/tls',
  openssl: 'OpenSSL',
  'openssl-verify': 'openssl verify',
  'openssl-s_client': 'openssl s_client',
  curl: 'curl',
  python: 'Python ssl',
  node: 'Node.js',
  nginx: 'nginx',
  java: 'Java',
  'tls-alert': 'TLS alert',
  gnutls: 'GnuTLS',
  kubelet: 'kubelet certificate manager',
};

function summarize(state: CertFindingState, sig: CertSignal, subject: string | null, boundMs: number | null): string {
  const where = state.host ?? 'unknown host';
  const who = subject ?? (sig.peer ? `the certificate of ${sig.peer}` : 'a certificate');
  const bound = boundMs === null ? '' : ` (${state.kind === 'not_yet_valid' ? 'notBefore' : 'notAfter'} ${formatMillis(boundMs).slice(0, 19)}Z)`;
  const app = state.app ? `${state.app} on ${where}` : where;
  const n = Object.keys(state.evidence).length;
  const times = n > 1 ? `, ${n} times` : '';
  if (sig.rejectedBy === 'peer') {
    return `${sig.peer ?? 'The peer'} rejected the certificate ${app} presented as expired (TLS alert 45)${times}`;
  }
  if (state.kind === 'expiring') return `${who} used by ${app} expires soon${bound}`;
  const what = state.kind === 'expired' ? (sig.kindCertain ? 'has expired' : 'has expired or is not yet valid') : 'is not yet valid';
  const scope = sig.scope === 'issuer' ? ' (an issuing CA in the chain, not the leaf)' : '';
  return `${app}: ${who}${scope} ${what}${bound}, per ${WORDING[sig.source]}${times}`;
}

function remediate(kind: CertKind, sig: CertSignal): string {
  if (sig.rejectedBy === 'peer') {
    return 'The peer rejected OUR certificate as expired: renew the certificate this service presents (its client certificate for outgoing connections, its server certificate for incoming ones), install it and reload the service. Nothing needs to change on the peer.';
  }
  if (kind === 'expiring') {
    return 'Renew before notAfter. For kubelet, check that rotation works: rotateCertificates enabled, its CSRs approved (kubectl get csr) and signed; after the rotation deadline a new certificate should appear in /var/lib/kubelet/pki.';
  }
  if (kind === 'not_yet_valid') {
    return 'The certificate\'s notBefore is later than the verifier\'s clock. First check clock skew on the verifying host (timedatectl, chronyc tracking / NTP): a clock running behind makes fresh certificates look not yet valid. If the clock is right, the certificate was issued with a future notBefore: reissue it with a correct validity start, or wait until it becomes valid.';
  }
  const whose = sig.certRole === 'client'
    ? `the client${sig.peer ? ` at ${sig.peer}` : ''} presented an expired client certificate: renew that client's certificate`
    : 'renew the leaf certificate the server presents';
  const verifier = sig.certRole === 'client' ? 'this server (the CA file it checks client certificates against)' : 'the client';
  if (sig.scope === 'issuer') {
    return `An issuing CA certificate (depth ≥ 1) has expired, not the leaf: update the trust bundle on ${verifier} (remove or replace the expired root/intermediate, e.g. update ca-certificates or the configured CA file) and, if the peer sends the expired intermediate in its chain, replace that chain. Reissuing the leaf does not help.`;
  }
  if (sig.scope === 'leaf') return `The leaf certificate has expired: ${whose}, install it and reload.`;
  const unknown = sig.kindCertain ? '' : ' This message does not say whether the certificate expired or is not yet valid: also check the verifier\'s clock.';
  return `A certificate in the chain has expired; the message does not say which. If the leaf's notAfter has passed (openssl s_client -showcerts, openssl x509 -noout -enddate), ${whose}. If the leaf is still valid, the issuing CA expired: update the trust bundle on ${verifier} instead of reissuing the leaf.${unknown}`;
}
