/**
 * Character scanning for the OOM recognizers: fixed keywords are found with indexOf and numbers
 * read digit by digit, so every recognizer is linear in the line and allocates only its results.
 */

/** Reads an unsigned decimal at i (at most 19 digits); -1 when there is none. */
export function uintAt(s: string, i: number): number {
  let v = 0;
  let j = i;
  while (j < s.length && j - i < 19) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    j++;
  }
  return j === i ? -1 : v;
}

/** Index just past the digits starting at i. */
export function digitsEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && j - i < 19 && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  return j;
}

/** Reads an optionally negative decimal at i; null when there is none. */
export function intAt(s: string, i: number): number | null {
  const neg = s.charCodeAt(i) === 45; /* - */
  const v = uintAt(s, neg ? i + 1 : i);
  if (v < 0) return null;
  return neg ? -v : v;
}

/** The number right after `key` (searched from `from` up to `to`), or null. */
export function numberAfter(s: string, key: string, from: number, to: number): number | null {
  const k = s.indexOf(key, from);
  if (k < 0 || k > to) return null;
  return intAt(s, k + key.length);
}

/**
 * Where the kernel's text starts: after an optional `kernel: ` tag (plain syslog lines) and an
 * optional dmesg `[ 1234.567890] ` stamp.
 */
export function kernelTextStart(s: string): number {
  let i = 0;
  const tag = s.indexOf('kernel: ');
  if (tag >= 0 && tag < 128) i = tag + 8;
  if (s.charCodeAt(i) === 91 /* [ */) {
    let j = i + 1;
    while (j < s.length && j - i < 24 && s.charCodeAt(j) === 32) j++;
    const dot = digitsEnd(s, j);
    if (dot > j && s.charCodeAt(dot) === 46 /* . */) {
      const end = digitsEnd(s, dot + 1);
      if (s.charCodeAt(end) === 93 /* ] */) i = s.charCodeAt(end + 1) === 32 ? end + 2 : end + 1;
    }
  }
  return i;
}

/** Longest process name accepted between `(` and `)`; the kernel's comm is 15 bytes, test names are longer. */
export const MAX_COMM = 256;

/**
 * Reads `%d (%s)<suffix>` at i: the pid, then the name up to the LAST `suffix` within MAX_COMM
 * characters, since names may hold spaces and parentheses. `suffix` starts with `)`.
 */
export function pidAndComm(s: string, i: number, suffix: string): { pid: number; comm: string; end: number } | null {
  const pid = uintAt(s, i);
  if (pid < 0) return null;
  const open = digitsEnd(s, i);
  if (s.charCodeAt(open) !== 32 || s.charCodeAt(open + 1) !== 40 /* ( */) return null;
  const close = s.lastIndexOf(suffix, open + 2 + MAX_COMM);
  if (close < open + 2) return null;
  return { pid, comm: s.slice(open + 2, close), end: close + suffix.length };
}

/** Replaces control characters so a name can go into a one-line summary. */
export function printable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 32 || c === 127 ? '?' : s[i];
  }
  return out;
}
