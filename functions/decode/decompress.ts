import { gunzipSync, inflateSync } from 'node:zlib';
import { isValidUtf8 } from '../shared/text.js';
import { leadingGzipMembers } from './gzip-members.js';
import { inflateWithInfo } from './zlib-info.js';

export type Compression = 'gzip' | 'zlib';

/** gzip magic (RFC 1952), or a zlib header (RFC 1950): deflate with 32K window, FLG of a standard level, valid check bits. */
export function compressionOf(data: Buffer): Compression | null {
  if (data.length < 2) return null;
  const b0 = data[0];
  const b1 = data[1];
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  if (b0 === 0x78 && (b1 === 0x01 || b1 === 0x5e || b1 === 0x9c || b1 === 0xda) && (b0 * 256 + b1) % 31 === 0) return 'zlib';
  return null;
}

/**
 * `trailingAt`: where bytes that follow the compressed data start (absent when there are none);
 * the caller keeps them as an error, they are not part of `data`.
 */
export type Decompressed =
  | { data: Buffer; trailingAt?: number; error?: undefined }
  | { data?: undefined; error: string; tooLarge?: boolean };

/**
 * Inflates with a bound on the output so a small bomb cannot exhaust memory. A zlib header is
 * two printable-looking bytes (`x^`, `x\x01`...), so a "zlib" payload that fails to inflate but
 * is valid UTF-8 is taken for the text it is. Bytes after the compressed data do not spoil it:
 * the data is kept and `trailingAt` says where the rest starts.
 */
export function decompress(data: Buffer, kind: Compression, maxOutputBytes: number): Decompressed {
  try {
    const inflate = kind === 'gzip' ? gunzipSync : inflateSync;
    // bytesWritten is the input consumed: zlib (and gunzip, for NUL padding) stop before trailing bytes.
    const { buffer, engine } = inflateWithInfo(inflate, data, { maxOutputLength: maxOutputBytes });
    const consumed = engine.bytesWritten;
    return consumed < data.length ? { data: buffer, trailingAt: consumed } : { data: buffer };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(kind, maxOutputBytes);
    if (kind === 'gzip') {
      try {
        const lead = leadingGzipMembers(data, maxOutputBytes);
        if (lead !== null) return { data: lead.data, trailingAt: lead.end };
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(kind, maxOutputBytes);
      }
    }
    if (kind === 'zlib' && isValidUtf8(data)) return { data };
    return { error: `corrupt ${kind} payload: ${e.message}` };
  }
}

function tooLarge(kind: Compression, maxOutputBytes: number): Decompressed {
  return { error: `${kind} payload inflates to more than ${maxOutputBytes} bytes`, tooLarge: true };
}
