/** What one log line says about a certificate's validity period; produced by recognizeCert. */
export type CertKind = 'expired' | 'not_yet_valid' | 'expiring';

/** Which certificate failed: the end-entity one, a CA above it, or the wording does not say. */
export type CertScope = 'leaf' | 'issuer' | 'unknown';

/** Whose wording matched: tells an operator which program (and which side of TLS) reported it. */
export type CertSource =
  | 'go-x509'
  | 'etcd'
  | 'go-tls-alert'
  | 'openssl'
  | 'openssl-verify'
  | 'openssl-s_client'
  | 'curl'
  | 'python'
  | 'node'
  | 'nginx'
  | 'java'
  | 'tls-alert'
  | 'gnutls'
  | 'kubelet';

export interface CertSignal {
  /** For kubelet's rotation line this is `expiring` until the detector compares it with event time. */
  kind: CertKind;
  source: CertSource;
  /** `us`: our TLS stack refused the certificate; `peer`: the other side refused ours (TLS alert 45). */
  rejectedBy: 'us' | 'peer';
  /** Whose certificate: a server's (checked by its client) or a client's (checked by the server); null when unsaid. */
  certRole: 'server' | 'client' | null;
  scope: CertScope;
  /** Chain depth of the failing certificate when stated (0 = leaf). */
  depth: number | null;
  /** Go's `current time A is after|before B`. */
  relation: 'after' | 'before' | null;
  /** The verifier's clock as the message states it (Go), epoch ms. */
  currentTimeMs: number | null;
  /** notAfter (expired, expiring) or notBefore (not yet valid) when stated, epoch ms. */
  boundMs: number | null;
  /** false for Go's older message without the detail: it does not say expired or not yet valid. */
  kindCertain: boolean;
  subject: string | null;
  /** host:port (or address) of the other side when stated. */
  peer: string | null;
  peerUrl: string | null;
  /** OpenSSL X509_V_ERR number when stated (10 expired, 9 not yet valid). */
  errorCode: number | null;
  /** kubelet: when the certificate manager plans to rotate, epoch ms. */
  rotationDeadlineMs: number | null;
}

export function emptySignal(kind: CertKind, source: CertSource): CertSignal {
  return {
    kind,
    source,
    rejectedBy: 'us',
    certRole: null,
    scope: 'unknown',
    depth: null,
    relation: null,
    currentTimeMs: null,
    boundMs: null,
    kindCertain: true,
    subject: null,
    peer: null,
    peerUrl: null,
    errorCode: null,
    rotationDeadlineMs: null,
  };
}
