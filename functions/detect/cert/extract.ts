/**
 * Bounded scans that pull the peer, subject and chain depth out of the text around a matched
 * phrase. Every scan has a length cap, so a 1 MB line costs at most a few linear passes.
 */

const MAX_FIELD = 256;
const MAX_URL = 2048;
/** How far before the matched phrase a Go URL or an s_client `depth=` line may sit. */
const LOOK_BACK = 2048;
const LOOK_AHEAD = 512;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Text from `start` up to the first stop character (or `: ` when asked), capped; null when empty. */
export function readToken(s: string, start: number, stops: string, max = MAX_FIELD, stopAtColonSpace = false): string | null {
  let j = start;
  const limit = Math.min(s.length, start + max);
  while (j < limit) {
    const ch = s[j];
    if (stops.includes(ch)) break;
    if (stopAtColonSpace && ch === ':' && s.charCodeAt(j + 1) === 32) break;
    j++;
  }
  return j > start ? s.slice(start, j) : null;
}

/** The text after `key` (searched in the whole message), up to a stop character. */
export function valueAfter(s: string, key: string, stops: string, max = MAX_FIELD): string | null {
  const k = s.indexOf(key);
  return k < 0 ? null : readToken(s, k + key.length, stops, max);
}

/** Digits at `at`, at most 4; -1 when none. */
export function smallNumberAt(s: string, at: number): number {
  let v = -1;
  for (let j = at; j < s.length && j < at + 4; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) break;
    v = (v < 0 ? 0 : v * 10) + c;
  }
  return v;
}

/** Reads digits ending just before `end` (scanning back, at most 4). */
export function numberBefore(s: string, end: number): number {
  let j = end;
  while (j > 0 && end - j < 4) {
    const c = s.charCodeAt(j - 1);
    if (c < 48 || c > 57) break;
    j--;
  }
  return j === end ? -1 : smallNumberAt(s, j);
}

/** The URL a Go net/http error names before the x509 text: `Get "https://h:p/": x509: …`. */
export function goUrlBefore(s: string, anchor: number): { url: string; host: string } | null {
  const sep = s.lastIndexOf('://', anchor);
  if (sep < 0 || anchor - sep > LOOK_BACK) return null;
  let start = sep;
  while (start > 0 && sep - start < 10) {
    const c = s.charCodeAt(start - 1);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
    start--;
  }
  if (start === sep) return null;
  // `: ` ends an unquoted URL (Go < 1.14: `Get https://h/: x509: …`).
  const url = readToken(s, start, '"\\ \n\'`', MAX_URL, true);
  if (!url) return null;
  const host = readToken(url, sep - start + 3, '/?#', MAX_FIELD);
  return host ? { url, host } : null;
}

/** Where the nearest `depth=N` sits: before the anchor (s_client line), else after it (`:depth=N:`). */
export function depthNear(s: string, anchor: number): number | null {
  const before = s.lastIndexOf('depth=', anchor);
  if (before >= 0 && anchor - before <= LOOK_BACK) {
    const n = smallNumberAt(s, before + 6);
    if (n >= 0) return n;
  }
  const after = s.indexOf('depth=', anchor);
  if (after >= 0 && after - anchor <= LOOK_AHEAD) {
    const n = smallNumberAt(s, after + 6);
    if (n >= 0) return n;
  }
  return null;
}

/** `CN = expired.local`, `C = US, CN = x` → `CN=expired.local`, `C=US, CN=x` (OpenSSL one-line names). */
export function normalizeDn(dn: string): string {
  return dn.trim().split(' = ').join('=');
}

/**
 * A subject the same message names: `subject=…` (lighttpd, `openssl x509 -subject`), or the
 * name on an s_client `depth=N <name>` line in a multi-line message.
 */
export function subjectNear(s: string, anchor: number): string | null {
  const key = s.indexOf('subject=');
  if (key >= 0) {
    const v = readToken(s, key + 8, '\n\r"');
    if (v && v.trim().length > 0) return normalizeDn(v);
  }
  const d = s.lastIndexOf('depth=', anchor);
  if (d >= 0 && anchor - d <= LOOK_BACK) {
    let j = d + 6;
    while (j < s.length && j < d + 10 && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (s[j] === ' ') {
      const v = readToken(s, j + 1, '\n\r');
      if (v && v.includes('=')) return normalizeDn(v);
    }
  }
  return null;
}

/** The word right before `certificate` at `at` (`issuer`, `CA`, `server`…), lower-cased. */
export function wordBefore(s: string, at: number): string {
  let end = at;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && end - start < 16) {
    const c = s.charCodeAt(start - 1);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
    start--;
  }
  return s.slice(start, end).toLowerCase();
}
