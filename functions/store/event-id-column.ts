import { parquetRead, type FileMetaData } from 'hyparquet';
import { PARQUET_DECOMPRESSORS } from '../sinks/parquet-decompressors.js';

/**
 * A stored object's `event_id` column, in row order: read as column chunks, not as one object
 * per row (parquetReadObjects), which doubled the garbage of reading a partition's ids.
 */
export async function readEventIds(file: ArrayBuffer, metadata?: FileMetaData): Promise<string[]> {
  const chunks: { rowStart: number; data: ArrayLike<unknown> }[] = [];
  await parquetRead({
    file,
    metadata,
    columns: ['event_id'],
    compressors: PARQUET_DECOMPRESSORS,
    // Chunks may come out of order (row groups are decoded concurrently).
    onChunk: (c) => chunks.push({ rowStart: c.rowStart, data: c.columnData }),
  });
  chunks.sort((a, b) => a.rowStart - b.rowStart);
  const ids: string[] = [];
  for (const c of chunks) for (let i = 0; i < c.data.length; i++) ids.push(c.data[i] as string);
  return ids;
}

/** The bytes as the ArrayBuffer hyparquet reads: the view's own buffer when it is all of it (a file read whole), else a copy. */
export function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const b = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === b.byteLength ? b : b.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
