/**
 * Cuts a journal export stream (`journalctl -o export`, systemd JOURNAL_EXPORT_FORMATS) into
 * entries, chunk by chunk. Entries end at an empty line, but a binary field (name line, 64-bit
 * little-endian length, raw data, newline) may itself contain "\n\n", so the splitter follows
 * the field structure instead of searching for blank lines.
 *
 * Memory is bounded by `maxEntryBytes`: an entry that grows past it is not buffered further;
 * when it ends, its first `maxEntryBytes` bytes are emitted with an error that says so.
 *
 * A binary length is bogus when it is longer than the entry limit, when its data is not
 * followed by a newline, or when an entry start (an empty line, then `__CURSOR=`,
 * `__REALTIME_TIMESTAMP=` or the stream's own first field) shows up inside its data. The entry
 * then becomes an error block and splitting resumes at the next entry start, so one bad length
 * never swallows the entries after it.
 */
import { DEFAULT_CONFIG } from '../shared/config.js';
import { withCutNote } from './framed-event.js';

export interface ExportBlock {
  /** The entry's bytes without the separating empty line (cut to the limit when `error`). */
  data: Buffer;
  /** Set when the block is not a complete, well-framed entry. */
  error?: string;
}

const LF = 0x0a;
const EQUALS = 0x3d;
/** systemd's limit on journal field names. */
const MAX_FIELD_NAME = 64;
/** The fields `journalctl -o export` writes first in every entry. */
const ENTRY_STARTS = ['__CURSOR=', '__REALTIME_TIMESTAMP='].map((s) => Buffer.from(s, 'latin1'));
/** journalctl writes it once per entry, first: seen later in an entry, it starts the next one. */
const CURSOR_FIELD = ENTRY_STARTS[0];

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
  /** `size` where the current line starts. */
  private lineStart = 0;
  private lenBytes = Buffer.alloc(8);
  private lenHave = 0;
  private dataLeft = 0;
  private declared = 0n;
  /** What is wrong with the current entry, first fault only. */
  private fault: string | undefined;
  /** The first MAX_FIELD_NAME + 1 bytes of the current line: a binary field's name. */
  private readonly name = Buffer.alloc(MAX_FIELD_NAME + 1);
  private nameLength = 0;
  private firstLine = true;
  private readonly entryStart = new EntryStartMatcher();

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
          if (chunk[i] === LF) {
            // Empty line: the current entry (if any) ends; the newline belongs to no entry.
            this.take(chunk, from, i);
            if (this.size > 0) out.push(this.finish());
            i++;
            from = i;
          } else {
            this.state = State.Line;
            this.lineHasEq = false;
            this.nameLength = 0;
            this.lineStart = this.size;
          }
          break;
        case State.Line: {
          const nl = chunk.indexOf(LF, i);
          const end = nl === -1 ? n : nl;
          if (!this.lineHasEq) {
            if (eqPos !== -1 && eqPos < i) eqPos = chunk.indexOf(EQUALS, i);
            this.lineHasEq = eqPos !== -1 && eqPos < end;
            const to = this.lineHasEq ? eqPos + 1 : end;
            // The name's bytes matter for binary fields, the first line and a possible `__CURSOR=`.
            if (this.lineHasEq && !this.firstLine && this.nameLength + (to - i) !== CURSOR_FIELD.length) this.nameLength += to - i;
            else this.keepName(chunk, i, to);
          }
          this.size += end - i;
          i = end;
          if (nl !== -1) {
            this.size++;
            i++;
            if (this.firstLine) this.learnEntryStart();
            this.state = this.lineHasEq ? State.LineStart : State.Length;
            this.lenHave = 0;
            if (this.lineStart > 0 && this.isCursorLine()) from = this.splitBeforeLine(chunk, from, i, out);
          }
          break;
        }
        case State.Length: {
          const k = Math.min(8 - this.lenHave, n - i);
          chunk.copy(this.lenBytes, this.lenHave, i, i + k);
          this.lenHave += k;
          this.size += k;
          i += k;
          if (this.lenHave === 8) this.startData();
          break;
        }
        case State.Data: {
          const k = Math.min(this.dataLeft, n - i);
          const match = this.entryStart.find(chunk, i, i + k);
          if (match !== -1) {
            // An entry starts inside the data: the length ran into the next entry.
            this.size += match - i;
            this.fault ??= `${this.fieldLabel()} declares ${this.declared} bytes, but the next entry starts ${this.declared - BigInt(this.dataLeft - (match - i)) - BigInt(this.entryStart.matchedLength)} bytes into them: the length is wrong`;
            i = match;
            from = this.restartAtEntryStart(chunk, from, i, out);
            break;
          }
          this.dataLeft -= k;
          this.size += k;
          i += k;
          if (this.dataLeft === 0) this.state = State.DataEnd;
          break;
        }
        case State.DataEnd:
          if (chunk[i] === LF) {
            this.size++;
            i++;
            this.state = State.LineStart;
          } else {
            this.fault ??= `${this.fieldLabel()}: no newline after its ${this.declared} bytes: the length is wrong`;
            this.state = State.Resync; // the matcher goes on from the data it has seen
          }
          break;
        case State.Resync: {
          const match = this.entryStart.find(chunk, i, n);
          if (match === -1) {
            this.size += n - i;
            i = n;
            break;
          }
          this.size += match - i;
          i = match;
          from = this.restartAtEntryStart(chunk, from, i, out);
          break;
        }
      }
    }
    this.take(chunk, from, n);
    return out;
  }

  /** Bytes held between pushes. */
  get heldBytes(): number {
    return this.kept;
  }

  /** Flushes the last entry when the stream ends without a trailing empty line. */
  end(): ExportBlock[] {
    if (this.size === 0) return [];
    if (this.state === State.Length || this.state === State.Data) {
      const got = this.state === State.Data ? this.declared - BigInt(this.dataLeft) : 0n;
      this.fault ??=
        this.state === State.Data
          ? `${this.fieldLabel()} declares ${this.declared} bytes, but the stream ends after ${got}: the length is wrong or the input was cut`
          : `stream ended inside the length of ${this.fieldLabel()}`;
    } else if (this.state === State.Resync) {
      this.fault = `${this.fault ?? 'bad entry'}; no entry start followed, skipped to the end of input`;
    }
    const block = this.finish();
    this.state = State.LineStart;
    return [block];
  }

  private startData(): void {
    this.declared = this.lenBytes.readBigUInt64LE(0);
    if (this.declared > BigInt(this.maxEntryBytes - this.size)) {
      this.fault ??= `${this.fieldLabel()} declares ${this.declared} bytes, more than the entry limit (max_event_bytes ${this.maxEntryBytes}) allows: the length is bogus or the entry oversized; skipped to the next entry start`;
      // The "length" may itself be the empty line and the start of the next entry.
      this.state = State.Resync;
      this.entryStart.afterNewline();
      this.entryStart.find(this.lenBytes, 0, 8);
      return;
    }
    this.dataLeft = Number(this.declared);
    this.state = this.dataLeft > 0 ? State.Data : State.DataEnd;
    this.entryStart.reset();
  }

  private isCursorLine(): boolean {
    if (!this.lineHasEq || this.nameLength !== CURSOR_FIELD.length) return false;
    for (let k = 0; k < CURSOR_FIELD.length; k++) if (this.name[k] !== CURSOR_FIELD[k]) return false;
    return true;
  }

  /**
   * A `__CURSOR=` line inside an entry: the entry before it lost its empty line (or a binary
   * length ran over it), so it ends before the line, as an error block. Returns where the new
   * entry's bytes continue in the chunk. An entry already cut to the limit cannot be split.
   */
  private splitBeforeLine(chunk: Buffer, from: number, i: number, out: ExportBlock[]): number {
    this.take(chunk, from, i);
    if (this.kept < this.size) return i;
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    let end = this.lineStart;
    if (end >= 2 && data[end - 1] === LF && data[end - 2] === LF) end--;
    const fault = this.fault ?? 'journal export: entry not ended by an empty line';
    out.push({ data: data.subarray(0, end), error: `${fault}; a __CURSOR= line inside it starts the next entry` });
    this.parts = [data.subarray(this.lineStart)];
    this.kept = this.size - this.lineStart;
    this.size = this.kept;
    this.lineStart = 0;
    this.fault = undefined;
    return i;
  }

  /**
   * The matcher found an entry start ending at chunk[i]: the current entry ends before its empty
   * line and becomes a block; the new entry begins with the matched field prefix. Returns where
   * the new entry's bytes continue in the chunk.
   */
  private restartAtEntryStart(chunk: Buffer, from: number, i: number, out: ExportBlock[]): number {
    this.take(chunk, from, i);
    const prefix = this.entryStart.matched();
    // The entry's own bytes end with the first newline of "\n\n".
    out.push(this.finish(this.size - prefix.length - 1));
    this.parts = [prefix];
    this.kept = prefix.length;
    this.size = prefix.length;
    this.state = State.Line;
    this.lineHasEq = true;
    this.firstLine = false;
    return i;
  }

  private keepName(chunk: Buffer, from: number, to: number): void {
    const stop = Math.min(to, from + this.name.length - this.nameLength);
    // A byte loop: names are short, and a native copy per line costs more than it saves.
    for (let k = from; k < stop; k++) this.name[this.nameLength++] = chunk[k];
  }

  private fieldLabel(): string {
    const name = this.name.toString('latin1', 0, Math.min(this.nameLength, MAX_FIELD_NAME));
    return `journal export: binary field ${name}${this.nameLength > MAX_FIELD_NAME ? '…' : ''}`;
  }

  /** The stream's first field (`NAME=`) also marks entry starts when resynchronising. */
  private learnEntryStart(): void {
    this.firstLine = false;
    if (!this.lineHasEq || this.nameLength < 2 || this.name[this.nameLength - 1] !== EQUALS) return;
    if (!isFieldName(this.name.subarray(0, this.nameLength - 1))) return;
    this.entryStart.add(Buffer.from(this.name.subarray(0, this.nameLength)));
  }

  /** Keeps chunk[from, to) as part of the current entry, up to the size limit. */
  private take(chunk: Buffer, from: number, to: number): void {
    const room = this.maxEntryBytes - this.kept;
    const len = Math.min(to - from, room);
    if (len <= 0) return;
    this.parts.push(chunk.subarray(from, from + len));
    this.kept += len;
  }

  /** Ends the current entry; `size` is its length when the bytes kept run past its end. */
  private finish(size = this.size): ExportBlock {
    let data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    if (data.length > size) data = data.subarray(0, size);
    const cut = size > this.maxEntryBytes;
    let error = this.fault;
    if (cut) error = error === undefined ? `journal export entry exceeds ${this.maxEntryBytes} bytes; cut` : withCutNote(error, this.maxEntryBytes);
    const block: ExportBlock = error === undefined ? { data } : { data, error };
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.fault = undefined;
    return block;
  }
}

/** [A-Z_][A-Z0-9_]*, as journald accepts field names. */
function isFieldName(name: Buffer): boolean {
  if (name.length === 0 || name.length > MAX_FIELD_NAME) return false;
  for (let k = 0; k < name.length; k++) {
    const b = name[k];
    const ok = (b >= 0x41 && b <= 0x5a) || b === 0x5f || (k > 0 && b >= 0x30 && b <= 0x39);
    if (!ok) return false;
  }
  return true;
}

/**
 * Finds an entry start, an empty line followed by one of the known first fields (`NAME=`),
 * across chunks, one linear pass. `find` returns the index just past the match's `=`.
 */
class EntryStartMatcher {
  private readonly prefixes: Buffer[] = [...ENTRY_STARTS];
  /** Newlines just seen (0, 1, or 2 meaning "at the start of a line after an empty line"). */
  private newlines = 0;
  /** Bytes of the candidate line matched so far, and the prefixes still possible. */
  private matchedBytes = 0;
  private alive: Buffer[] = [];
  private hit: Buffer | undefined;

  add(prefix: Buffer): void {
    if (!this.prefixes.some((p) => p.equals(prefix))) this.prefixes.push(prefix);
  }

  reset(): void {
    this.newlines = 0;
    this.matchedBytes = 0;
    this.alive = [];
  }

  /** As if a line had just ended. */
  afterNewline(): void {
    this.reset();
    this.newlines = 1;
  }

  /** The prefix of the last match. */
  matched(): Buffer {
    return this.hit as Buffer;
  }

  get matchedLength(): number {
    return (this.hit as Buffer).length;
  }

  find(buf: Buffer, from: number, to: number): number {
    let i = from;
    while (i < to) {
      if (this.newlines < 2) {
        if (this.newlines === 0) {
          const nl = buf.indexOf(LF, i);
          if (nl === -1 || nl >= to) return -1;
          i = nl;
        }
        this.newlines = buf[i] === LF ? this.newlines + 1 : 0;
        i++;
        if (this.newlines === 2) this.startLine();
        continue;
      }
      const b = buf[i++];
      if (b === LF) {
        if (this.matchedBytes === 0) this.startLine(); // another empty line: still at an entry boundary
        else this.newlines = 1; // a non-empty line ended
        continue;
      }
      const k = this.matchedBytes++;
      this.alive = this.alive.filter((p) => p[k] === b);
      const done = this.alive.find((p) => p.length === k + 1);
      if (done !== undefined) {
        this.hit = done;
        this.reset();
        return i;
      }
      if (this.alive.length === 0) this.newlines = 0;
    }
    return -1;
  }

  private startLine(): void {
    this.newlines = 2;
    this.matchedBytes = 0;
    this.alive = this.prefixes;
  }
}
