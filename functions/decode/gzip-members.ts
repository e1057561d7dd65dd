import { crc32, inflateRawSync } from 'node:zlib';
import { inflateWithInfo, type InflateInfo } from './zlib-info.js';

/** RFC 1952 §2.3 header flags. */
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;
const TRAILER_BYTES = 8;

/**
 * The gzip members at the start of `data` (RFC 1952 §2.2: a gzip file is a series of members),
 * each CRC-32 and ISIZE checked, and where they end. Node's gunzip rejects a whole payload when
 * bytes follow the last member; this keeps what decodes. null when not even the first member
 * decodes. Throws zlib's ERR_BUFFER_TOO_LARGE when the members inflate past `maxOutputBytes`.
 */
export function leadingGzipMembers(data: Buffer, maxOutputBytes: number): { data: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  let total = 0;
  let at = 0;
  while (at < data.length) {
    const body = memberBodyStart(data, at);
    if (body === -1) break;
    let inflated: InflateInfo;
    try {
      inflated = inflateWithInfo(inflateRawSync, data.subarray(body), { maxOutputLength: Math.max(1, maxOutputBytes - total) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
      break;
    }
    // Raw inflate stops at the deflate stream's end; bytesWritten is the input it consumed.
    const trailer = body + inflated.engine.bytesWritten;
    const out = inflated.buffer;
    if (trailer + TRAILER_BYTES > data.length) break;
    if (data.readUInt32LE(trailer) !== crc32(out) || data.readUInt32LE(trailer + 4) !== out.length % 2 ** 32) break;
    parts.push(out);
    total += out.length;
    at = trailer + TRAILER_BYTES;
  }
  if (parts.length === 0) return null;
  return { data: parts.length === 1 ? parts[0] : Buffer.concat(parts, total), end: at };
}

/** Offset of the deflate data of the member whose header starts at `at`, or -1 when none does. */
function memberBodyStart(d: Buffer, at: number): number {
  if (at + 10 > d.length || d[at] !== 0x1f || d[at + 1] !== 0x8b || d[at + 2] !== 8) return -1;
  const flags = d[at + 3];
  if ((flags & RESERVED) !== 0) return -1;
  let p = at + 10;
  if (flags & FEXTRA) {
    if (p + 2 > d.length) return -1;
    p += 2 + d.readUInt16LE(p);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) === 0) continue;
    const zero = d.indexOf(0, p);
    if (zero === -1) return -1;
    p = zero + 1;
  }
  if (flags & FHCRC) p += 2;
  return p < d.length ? p : -1;
}
