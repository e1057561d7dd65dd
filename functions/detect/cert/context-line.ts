import { normalizeDn, smallNumberAt } from './extract.js';
import { asn1PrintAt } from './times.js';

/**
 * Lines that OpenSSL's tools print around a verify error and that carry what the error line
 * lacks: the subject (`openssl verify` prints `CN = expired.local` first; `s_client` prints
 * `depth=0 CN = expired.local`) or the bound (`notAfter=Mar  1 12:00:00 2024 GMT`).
 * On their own they are not errors; the detector only uses them next to one.
 */
export interface ContextLine {
  subject: string | null;
  notAfterMs: number | null;
  notBeforeMs: number | null;
}

const MAX_CONTEXT_LINE = 1024;

export function recognizeContextLine(message: string): ContextLine | null {
  const n = message.length;
  if (n < 5 || n > MAX_CONTEXT_LINE) return null;
  const c = message.charCodeAt(0);
  if (c === 110 /* n */) return boundLine(message);
  if (c === 100 /* d */) return depthLine(message);
  if (c === 115 /* s */ && message.startsWith('subject=')) return subjectLine(message.slice(8));
  if (c >= 65 && c <= 90) return oneLineName(message);
  return null;
}

function boundLine(s: string): ContextLine | null {
  const after = s.startsWith('notAfter=');
  if (!after && !s.startsWith('notBefore=')) return null;
  const t = asn1PrintAt(s, after ? 9 : 10);
  if (!t) return null;
  return { subject: null, notAfterMs: after ? t.ms : null, notBeforeMs: after ? null : t.ms };
}

/** s_client's verify callback: `depth=0 CN = expired.local`. */
function depthLine(s: string): ContextLine | null {
  if (!s.startsWith('depth=') || smallNumberAt(s, 6) < 0) return null;
  const space = s.indexOf(' ', 6);
  return space < 0 ? null : subjectLine(s.slice(space + 1));
}

/** Attribute types that start an X509_NAME in OpenSSL's one-line form. */
const DN_ATTRIBUTES = new Set(['C', 'ST', 'L', 'O', 'OU', 'CN', 'DC', 'UID', 'SN', 'GN', 'serialNumber', 'emailAddress']);

/** X509_NAME one-line form: `CN = x` or `C = US, O = Org, CN = x`. */
function oneLineName(s: string): ContextLine | null {
  let j = 0;
  while (j < 24 && j < s.length && isLetter(s.charCodeAt(j))) j++;
  if (j === 0 || !s.startsWith(' = ', j) || !DN_ATTRIBUTES.has(s.slice(0, j))) return null;
  return subjectLine(s);
}

function subjectLine(dn: string): ContextLine | null {
  const subject = normalizeDn(dn);
  return subject.includes('=') ? { subject, notAfterMs: null, notBeforeMs: null } : null;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
