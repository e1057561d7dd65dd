/**
 * Cuts a journal export stream (`journalctl -o export`, systemd JOURNAL_EXPORT_FORMATS) into
 * entries, chunk by chunk. Entries end at an empty line, but a binary field (name line, 64-bit
 * little-endian length, raw data, newline) may itself contain "\n\n", so the splitter follows
 * the field structure instead of searching for blank lines.
 *
 * Memory is bounded by `maxEntryBytes`: an entry that grows past it is not buffered further;
 * when it ends, its first `maxEntryBytes` bytes are emitted with an `error`. A binary length
 * over journald's own data limit cannot be a real field; the splitter then resynchronises at
 * the next empty line and emits what it has with an error.
 */
import { DEFAULT_CONFIG } from '../shared/config.js';

export interface ExportBlock {
  /** The entry's bytes without the separating empty line (cut to the limit when `error`). */
  data: Buffer;
  /** Set when the block is not a complete, well-framed entry. */
  error?: string;
}

/** journald refuses field data over 768 MiB (DATA_SIZE_MAX); a larger length is corruption. */
const DATA_SIZE_MAX = 768 * 1024 * 1024;

const enum State {
  LineStart,
  Line,
  Length,
  Data,
  DataEnd,
  Resync,
}

export class JournalExportSplitter {
  private state = State.LineStart;
  private parts: Buffer[] = [];
  private kept = 0; // bytes held in parts
  private size = 0; // bytes of the current entry seen so far
  private lineHasEq = false;
  private lenBytes = Buffer.alloc(8);
  private lenHave = 0;
  private dataLeft = 0;
  private error: string | undefined;
  private resyncPrevNl = false;

  constructor(private readonly maxEntryBytes: number = DEFAULT_CONFIG.limits.max_event_bytes) {}

  push(chunk: Buffer): ExportBlock[] {
    const out: ExportBlock[] = [];
    let i = 0;
    let from = 0; // start of the bytes of this chunk that belong to the current entry
    let eqPos = -2; // next '=' at or after some earlier i (-1: none left); keeps the scan linear
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case State.LineStart:
          if (chunk[i] === 0x0a) {
            // Empty line: the current entry (if any) ends; the newline belongs to no entry.
            this.take(chunk, from, i);
            if (this.size > 0) out.push(this.finish());
            i++;
            from = i;
          } else {
            this.state = State.Line;
            this.lineHasEq = false;
          }
          break;
        case State.Line: {
          const nl = chunk.indexOf(0x0a, i);
          const end = nl === -1 ? n : nl;
          if (!this.lineHasEq) {
            if (eqPos !== -1 && eqPos < i) eqPos = chunk.indexOf(0x3d, i);
            this.lineHasEq = eqPos !== -1 && eqPos < end;
          }
          this.size += end - i;
          i = end;
          if (nl !== -1) {
            this.size++;
            i++;
            this.state = this.lineHasEq ? State.LineStart : State.Length;
            this.lenHave = 0;
          }
          break;
        }
        case State.Length: {
          const k = Math.min(8 - this.lenHave, n - i);
          chunk.copy(this.lenBytes, this.lenHave, i, i + k);
          this.lenHave += k;
          this.size += k;
          i += k;
          if (this.lenHave === 8) {
            const len = this.lenBytes.readBigUInt64LE(0);
            if (len > BigInt(DATA_SIZE_MAX)) {
              this.error ??= `journal export: binary field length ${len} is not plausible`;
              this.state = State.Resync;
              this.resyncPrevNl = false;
            } else {
              this.dataLeft = Number(len);
              this.state = this.dataLeft > 0 ? State.Data : State.DataEnd;
            }
          }
          break;
        }
        case State.Data: {
          const k = Math.min(this.dataLeft, n - i);
          this.dataLeft -= k;
          this.size += k;
          i += k;
          if (this.dataLeft === 0) this.state = State.DataEnd;
          break;
        }
        case State.DataEnd:
          // The newline after binary data; when missing, the parser reports the entry malformed.
          if (chunk[i] === 0x0a) {
            this.size++;
            i++;
          }
          this.state = State.LineStart;
          break;
        case State.Resync: {
          const c = chunk[i];
          if (c === 0x0a && this.resyncPrevNl) {
            this.take(chunk, from, i);
            out.push(this.finish());
            i++;
            from = i;
            this.state = State.LineStart;
          } else {
            this.resyncPrevNl = c === 0x0a;
            this.size++;
            i++;
          }
          break;
        }
      }
      if (this.size > this.maxEntryBytes && this.error === undefined) {
        this.error = `journal export entry exceeds ${this.maxEntryBytes} bytes`;
      }
    }
    this.take(chunk, from, n);
    return out;
  }

  /** Flushes the last entry when the stream ends without a trailing empty line. */
  end(): ExportBlock[] {
    if (this.size === 0) return [];
    if (this.state === State.Length || this.state === State.Data) {
      this.error ??= 'journal export stream ended inside a binary field';
    }
    const block = this.finish();
    this.state = State.LineStart;
    return [block];
  }

  /** Keeps chunk[from, to) as part of the current entry, up to the size limit. */
  private take(chunk: Buffer, from: number, to: number): void {
    const room = this.maxEntryBytes - this.kept;
    const len = Math.min(to - from, room);
    if (len <= 0) return;
    this.parts.push(chunk.subarray(from, from + len));
    this.kept += len;
  }

  private finish(): ExportBlock {
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    const block: ExportBlock = this.error === undefined ? { data } : { data, error: this.error };
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.error = undefined;
    return block;
  }
}
