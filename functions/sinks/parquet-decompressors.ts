import { gunzipSync } from 'node:zlib';
import type { Compressors } from 'hyparquet';

/**
 * What hyparquet needs to read logsift's own objects back: it decodes Snappy itself, but the
 * encoder writes GZIP pages (column-chunk.ts), which it reads only through a decompressor given.
 * Node's zlib, like the writer's, so reading adds no dependency.
 */
export const PARQUET_DECOMPRESSORS: Compressors = {
  GZIP: (input) => gunzipSync(input),
};
