import { isUtf8 } from 'node:buffer';
import { rx } from '../shared/safe-regex.js';

/**
 * Hostname and TAG tokens of RFC 3164 lines. RFC 3164 names only ASCII, but real senders log
 * IDN hostnames undecoded and program names in other scripts; a token with non-ASCII bytes is
 * still a token when the bytes are UTF-8 and every character is visible (a letter, mark,
 * number, punctuation or symbol: no space, control or format character).
 */

/** A byte a token may hold: visible ASCII, or any byte of a multi-byte UTF-8 sequence. */
export function isTokenByte(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || c >= 0x80;
}

const VISIBLE_TEXT = rx(/^[\p{L}\p{M}\p{N}\p{P}\p{S}]+$/u);

/**
 * The text of the token b[p, q) (bytes isTokenByte accepted), or null when it holds
 * non-ASCII bytes that are not UTF-8 or not visible characters. ASCII tokens go through
 * `ascii` (the caller's interning decoder).
 */
export function tokenText(b: Buffer, p: number, q: number, ascii: (b: Buffer, p: number, q: number) => string): string | null {
  let i = p;
  while (i < q && b[i] < 0x80) i++;
  if (i === q) return ascii(b, p, q);
  const bytes = b.subarray(p, q);
  if (!isUtf8(bytes)) return null;
  const text = bytes.toString('utf8');
  return VISIBLE_TEXT.test(text) ? text : null;
}
