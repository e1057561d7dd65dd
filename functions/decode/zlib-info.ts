import type { ZlibOptions } from 'node:zlib';

/** What Node's sync zlib functions return with `info: true` (untyped in @types/node). */
export interface InflateInfo {
  buffer: Buffer;
  /** `bytesWritten`: the input the engine consumed; it stops at the end of the compressed stream. */
  engine: { bytesWritten: number };
}

/** Runs a sync zlib function (gunzipSync, inflateSync, inflateRawSync) with `info: true`. */
export function inflateWithInfo(inflate: (data: Buffer, opts: ZlibOptions) => Buffer, data: Buffer, opts: ZlibOptions): InflateInfo {
  return inflate(data, { ...opts, info: true } as ZlibOptions) as unknown as InflateInfo;
}
