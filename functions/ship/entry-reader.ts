import { createFramer, type Framer } from '../decode/framer.js';
import { exportEntry, jsonEntry, type ShipEntry } from './journal-entry.js';
import { MAX_ENTRY_BYTES } from './limits.js';

/**
 * `journalctl -o export` or `-o json` output, chunk by chunk, into entries. The decode stage's
 * framer finds the boundaries (export blocks, JSON lines, arrays or pretty-printed objects), so
 * the shipper cuts entries exactly where the pipeline will.
 */
export class EntryReader {
  private readonly framer: Framer = createFramer({ framing: 'lines', format: 'auto', maxEventBytes: MAX_ENTRY_BYTES, source: 'ship' });

  push(chunk: Buffer): ShipEntry[] {
    return this.framer.push(chunk).map((f) => toEntry(f.data, f.error));
  }

  /** The last entry when the input ended without the empty line after it. */
  end(): ShipEntry[] {
    return this.framer.end().map((f) => toEntry(f.data, f.error));
  }
}

function toEntry(data: Buffer, error: string | undefined): ShipEntry {
  let i = 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09 || data[i] === 0x0a)) i++;
  return data[i] === 0x7b ? jsonEntry(data, error) : exportEntry(data, error);
}
