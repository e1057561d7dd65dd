import { depthNear, goUrlBefore, numberBefore, readToken, smallNumberAt, subjectNear, valueAfter, wordBefore } from './extract.js';
import { rx } from '../../shared/safe-regex.js';
import { emptySignal, type CertKind, type CertSignal, type CertSource } from './signal.js';
import { asn1PrintAt, goTimeAt, javaDateAt, rfc3339At } from './times.js';

/** Every wording below mentions a certificate or Node's CERT_ code: one cheap scan rejects most lines. */
const MENTIONS_CERT = rx(/ertificate|CERT_/);
/** The phrases the branches below start from; lines about other certificate errors stop here. */
const VALIDITY_WORDING = rx(
  /certificate has expired|certificate is not yet valid|Certificate expiration is |CertificateExpiredException|CertificateNotYetValidException|tls: expired certificate|alert: certificate_expired|alert certificate expired|ALERT_CERTIFICATE_EXPIRED|SSL alert number 45|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|chain uses expired certificate|chain uses not yet valid certificate/,
);

/**
 * Recognizes one message that says a certificate is outside its validity period (or, from
 * kubelet, when it will leave it). Pure and cheap: two regex scans without backtracking
 * reject every other line before any field is read. Other certificate errors (hostname
 * mismatch, unknown authority, self-signed, missing issuer) match none of these wordings.
 */
export function recognizeCert(message: string): CertSignal | null {
  if (!MENTIONS_CERT.test(message) || !VALIDITY_WORDING.test(message)) return null;
  return goX509(message) ?? kubeletRotation(message) ?? javaValidity(message) ?? peerAlert(message) ?? opensslVerify(message) ?? gnutls(message);
}

/** crypto/x509 CertificateInvalidError (Expired): one text for both cases, told apart by the detail. */
const GO_PHRASE = 'certificate has expired or is not yet valid';
const GO_DETAIL = ': current time ';

function goX509(s: string): CertSignal | null {
  const at = s.indexOf(GO_PHRASE);
  if (at < 0) return null;
  const sig = emptySignal('expired', s.includes('rejected connection') ? 'etcd' : 'go-x509');
  const d = at + GO_PHRASE.length;
  const now = s.startsWith(GO_DETAIL, d) ? rfc3339At(s, d + GO_DETAIL.length) : null;
  if (now) {
    const after = s.startsWith(' is after ', now.end);
    const before = s.startsWith(' is before ', now.end);
    if (after || before) {
      sig.relation = after ? 'after' : 'before';
      sig.kind = after ? 'expired' : 'not_yet_valid';
      sig.currentTimeMs = now.ms;
      sig.boundMs = rfc3339At(s, now.end + (after ? 10 : 11))?.ms ?? null;
    }
  }
  // Older Go printed no detail: the text alone cannot tell expired from not yet valid.
  sig.kindCertain = sig.relation !== null;
  setPeer(sig, s, at);
  sig.certRole = goCertRole(s, at, sig.peerUrl !== null);
  return sig;
}

/**
 * Whose certificate Go refused. A server's own wording: `failed to verify client('s)
 * certificate` (Go < 1.20), etcd's `rejected connection`, net/http's `TLS handshake error from`.
 * Go ≥ 1.20 says `failed to verify certificate` on both sides, so only a request URL or
 * kubectl's `Unable to connect to the server` then shows we were the client.
 */
function goCertRole(s: string, at: number, hasUrl: boolean): 'server' | 'client' | null {
  const clientSide = s.lastIndexOf('failed to verify client', at);
  if ((clientSide >= 0 && at - clientSide < 64) || s.includes('rejected connection') || s.includes('TLS handshake error from ')) return 'client';
  if (hasUrl || s.includes('Unable to connect to the server')) return 'server';
  return null;
}

/** client-go's certificate manager: `[signer: ]Certificate expiration is <t>, rotation deadline is <t>`. */
const KUBELET = 'Certificate expiration is ';
const DEADLINE = ', rotation deadline is ';

function kubeletRotation(s: string): CertSignal | null {
  const at = s.indexOf(KUBELET);
  if (at < 0) return null;
  const notAfter = goTimeAt(s, at + KUBELET.length);
  if (!notAfter) return null;
  const sig = emptySignal('expiring', 'kubelet');
  sig.scope = 'leaf';
  sig.boundMs = notAfter.ms;
  if (s.startsWith(DEADLINE, notAfter.end)) sig.rotationDeadlineMs = goTimeAt(s, notAfter.end + DEADLINE.length)?.ms ?? null;
  // Newer client-go names the manager (its signer): `kubernetes.io/kubelet-serving: Certificate …`.
  if (at >= 2 && s[at - 2] === ':' && s[at - 1] === ' ') {
    let start = at - 2;
    while (start > 0 && at - start < 256 && s.charCodeAt(start - 1) > 32) start--;
    const name = s.slice(start, at - 2);
    if (name.length > 0 && !name.endsWith(']')) sig.subject = name;
  }
  return sig;
}

/** sun.security.x509: `CertificateExpiredException: NotAfter: Sat Mar 01 12:00:00 UTC 2024`. */
function javaValidity(s: string): CertSignal | null {
  let at = s.indexOf('CertificateExpiredException');
  let kind: CertKind = 'expired';
  let key = 'NotAfter: ';
  if (at < 0) {
    at = s.indexOf('CertificateNotYetValidException');
    kind = 'not_yet_valid';
    key = 'NotBefore: ';
  }
  if (at < 0) return null;
  const sig = emptySignal(kind, 'java');
  const k = s.indexOf(key, at);
  if (k >= 0 && k - at < 64) sig.boundMs = javaDateAt(s, k + key.length)?.ms ?? null;
  setPeer(sig, s, at);
  return sig;
}

/**
 * TLS alert 45 (certificate_expired) received from the other side: the PEER refused OUR
 * certificate. OpenSSL raises these reasons only for alerts it reads, never for ones it sends.
 */
const ALERTS: ReadonlyArray<[string, CertSource]> = [
  ['remote error: tls: expired certificate', 'go-tls-alert'],
  ['fatal alert: certificate_expired', 'java'],
  ['alert certificate expired', 'tls-alert'],
  ['ALERT_CERTIFICATE_EXPIRED', 'tls-alert'],
  ['SSL alert number 45', 'tls-alert'],
];

function peerAlert(s: string): CertSignal | null {
  for (const [text, source] of ALERTS) {
    const at = s.indexOf(text);
    if (at < 0) continue;
    const next = s.charCodeAt(at + text.length);
    if (next >= 48 && next <= 57) continue; // `SSL alert number 450` is not alert 45
    const sig = emptySignal('expired', source === 'tls-alert' && isPython(s) ? 'python' : source);
    sig.rejectedBy = 'peer';
    setPeer(sig, s, at);
    return sig;
  }
  return null;
}

/** X509_verify_cert_error_string for X509_V_ERR_CERT_HAS_EXPIRED (10) and _NOT_YET_VALID (9). */
const EXPIRED_TEXT = 'certificate has expired';
const NOT_YET_TEXT = 'certificate is not yet valid';

function opensslVerify(s: string): CertSignal | null {
  const expiredAt = s.indexOf(EXPIRED_TEXT);
  const notYetAt = s.indexOf(NOT_YET_TEXT);
  let at = expiredAt;
  let kind: CertKind = 'expired';
  if (notYetAt >= 0 && (expiredAt < 0 || notYetAt < expiredAt)) {
    at = notYetAt;
    kind = 'not_yet_valid';
  }
  if (at < 0) {
    // Node without its message text: only the error code, e.g. `code: 'CERT_HAS_EXPIRED'`.
    at = s.indexOf('CERT_HAS_EXPIRED');
    kind = 'expired';
    if (at < 0) {
      at = s.indexOf('CERT_NOT_YET_VALID');
      kind = 'not_yet_valid';
    }
    if (at < 0) return null;
  }
  const sig = emptySignal(kind, 'openssl');
  readOpensslContext(sig, s, at);
  if (sig.errorCode === 10) sig.kind = 'expired';
  else if (sig.errorCode === 9) sig.kind = 'not_yet_valid';
  sig.depth ??= depthNear(s, at);
  sig.scope = sig.depth !== null ? (sig.depth === 0 ? 'leaf' : 'issuer') : scopeFromWording(s, at);
  const boundKey = sig.kind === 'expired' ? 'notAfter=' : 'notBefore=';
  const b = s.indexOf(boundKey);
  if (b >= 0) sig.boundMs = asn1PrintAt(s, b + boundKey.length)?.ms ?? null;
  sig.subject = subjectNear(s, at);
  setPeer(sig, s, at);
  return sig;
}

/** Which program wrapped OpenSSL's text, and the error number and depth it states. */
function readOpensslContext(sig: CertSignal, s: string, at: number): void {
  const lookup = s.indexOf(' depth lookup');
  if (lookup >= 0) {
    // openssl verify: `error 10 at 1 depth lookup: certificate has expired`
    sig.source = 'openssl-verify';
    const depth = numberBefore(s, lookup);
    if (depth >= 0) sig.depth = depth;
    const atWord = s.lastIndexOf(' at ', lookup);
    if (atWord >= 0) sig.errorCode = nonNegative(numberBefore(s, atWord));
    return;
  }
  const num = s.indexOf('verify error:num=');
  if (num >= 0) {
    sig.source = 'openssl-s_client';
    sig.errorCode = nonNegative(smallNumberAt(s, num + 17));
    return;
  }
  if (s.includes('SSL certificate problem') || s.includes('SSL certificate verify result')) {
    sig.source = 'curl';
    sig.certRole = 'server';
    // `SSL certificate verify result: certificate has expired (10), continuing anyway.`
    const paren = s.indexOf(' (', at);
    if (paren >= 0 && paren - at < 40) sig.errorCode = nonNegative(smallNumberAt(s, paren + 2));
    return;
  }
  const nginx = s.indexOf('SSL certificate verify error: (');
  if (nginx >= 0) {
    sig.source = 'nginx';
    sig.certRole = s.startsWith('client', nginx - 7) ? 'client' : 'server';
    sig.errorCode = nonNegative(smallNumberAt(s, nginx + 31));
    return;
  }
  if (isPython(s)) sig.source = 'python';
  else if (s.includes('CERT_HAS_EXPIRED') || s.includes('CERT_NOT_YET_VALID')) sig.source = 'node';
}

function nonNegative(n: number): number | null {
  return n >= 0 ? n : null;
}

function isPython(s: string): boolean {
  return s.includes('CERTIFICATE_VERIFY_FAILED') || s.includes('_ssl.c:') || s.includes('[SSL: ');
}

/** `issuer certificate has expired` / `CA certificate …` name a CA; `server|client|issued certificate …` the leaf. */
function scopeFromWording(s: string, at: number): 'leaf' | 'issuer' | 'unknown' {
  const w = wordBefore(s, at);
  if (w === 'issuer' || w === 'ca' || w === 'root' || w === 'intermediate' || w === 'issuing') return 'issuer';
  if (w === 'server' || w === 'client' || w === 'peer' || w === 'leaf' || w === 'issued') return 'leaf';
  return 'unknown';
}

/** GnuTLS status text: some certificate in the chain, which one unsaid. */
function gnutls(s: string): CertSignal | null {
  if (s.includes('chain uses expired certificate')) return emptySignal('expired', 'gnutls');
  if (s.includes('chain uses not yet valid certificate')) return emptySignal('not_yet_valid', 'gnutls');
  return null;
}

/** The other side of the connection, from the wrappers that name it. */
function setPeer(sig: CertSignal, s: string, at: number): void {
  const etcd = valueAfter(s, 'rejected connection from "', '"') ?? valueAfter(s, '"remote-addr":"', '"');
  const goServer = etcd ?? valueAfter(s, 'TLS handshake error from ', ' ', 256);
  if (goServer) {
    sig.peer = goServer.endsWith(':') ? goServer.slice(0, -1) : goServer;
    return;
  }
  if (sig.source === 'nginx' || s.includes(' while SSL handshaking')) {
    const upstream = sig.certRole === 'client' ? null : valueAfter(s, 'upstream: "', '"');
    if (upstream) {
      sig.peerUrl = upstream;
      sig.peer = readToken(upstream, upstream.indexOf('://') + 3, '/?#');
      return;
    }
    const client = valueAfter(s, 'client: ', ', ');
    if (client) {
      sig.peer = client;
      return;
    }
  }
  const pool = s.indexOf("HTTPSConnectionPool(host='");
  if (pool >= 0) {
    const host = readToken(s, pool + 26, "'");
    const port = valueAfter(s, 'port=', '),');
    sig.peer = host && port ? `${host}:${port}` : host;
    return;
  }
  const url = goUrlBefore(s, at);
  if (url) {
    sig.peerUrl = url.url;
    sig.peer = url.host;
  }
}
