/**
 * Turning bytes into text without losing any. Valid UTF-8 becomes a plain string; anything
 * else becomes a C-style escaped string (backslash doubled, invalid bytes as \xNN) and the
 * caller marks it `c-escaped` so a reader can undo it.
 */

import { isUtf8 } from 'node:buffer';

export interface DecodedText {
  text: string;
  escaped: boolean;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** Decodes UTF-8 (a BOM is kept as U+FEFF); when invalid, returns the C-escaped form and `escaped: true`. */
export function bytesToText(bytes: Uint8Array): DecodedText {
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), escaped: false };
  return { text: escapeBytes(bytes), escaped: true };
}

/** C-escapes a byte string: valid UTF-8 sequences stay, `\` becomes `\\`, other bytes `\xNN`. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x5c) {
      out += '\\\\';
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      out += Buffer.from(bytes.subarray(i, i + len)).toString('utf8');
      i += len;
    } else {
      out += '\\x' + b.toString(16).padStart(2, '0');
      i++;
    }
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence starting at i, or 0 (RFC 3629 table 3-7). */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c0 = b[i];
  if (c0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? 2 : 0;
  if (c0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c0 >= 0xe1 && c0 <= 0xec) || c0 === 0xee || c0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c0 >= 0xf1 && c0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
