import { jsonText } from '../shared/json-text.js';

/** One piece of input a bound stopped from being decoded: kept raw, with why and where. */
export interface QuarantinedPiece {
  data: Buffer;
  error: string;
}

/**
 * Bytes `from..end` of a payload that a bound left undecoded, as pieces of at most
 * `maxEventBytes`: concatenated in order they are exactly those bytes, so nothing is lost.
 */
export function quarantineBytes(data: Buffer, from: number, maxEventBytes: number, why: string): QuarantinedPiece[] {
  const pieces: QuarantinedPiece[] = [];
  const piece = Math.max(1, maxEventBytes);
  for (let start = from; start < data.length; start += piece) {
    const end = Math.min(data.length, start + piece);
    pieces.push({ data: data.subarray(start, end), error: `${why}; bytes ${start}-${end} of ${data.length} kept raw, not parsed` });
  }
  return pieces;
}

/**
 * CloudWatch log events a bound left undecoded, as JSON arrays of whole log events of at most
 * `maxEventBytes` each (a single larger log event is cut to it, as its message would be).
 */
export function quarantineLogEvents(events: readonly unknown[], maxEventBytes: number, why: string): QuarantinedPiece[] {
  const pieces: QuarantinedPiece[] = [];
  let texts: string[] = [];
  let bytes = 2; // the brackets
  let first = 0;
  const close = (next: number): void => {
    if (texts.length === 0) return;
    const data = Buffer.from(`[${texts.join(',')}]`, 'utf8');
    const cut = data.length > maxEventBytes;
    const what = `log events ${first}-${next - 1} of the ${events.length} left`;
    pieces.push({ data: cut ? data.subarray(0, maxEventBytes) : data, error: `${why}; ${what} kept raw${cut ? `, first ${maxEventBytes} bytes` : ''}, not parsed` });
    texts = [];
    bytes = 2;
    first = next;
  };
  for (let i = 0; i < events.length; i++) {
    const text = jsonText(events[i]);
    const size = Buffer.byteLength(text) + (texts.length > 0 ? 1 : 0);
    if (texts.length > 0 && bytes + size > maxEventBytes) close(i);
    texts.push(text);
    bytes += size;
  }
  close(events.length);
  return pieces;
}
