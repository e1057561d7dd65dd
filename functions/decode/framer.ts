import type { FormatOption } from '../parse/types.js';
import { ExportFramer } from './export-framer.js';
import { EventSink, type FramedEvent } from './framed-event.js';
import { JsonValueFramer } from './json-value-framer.js';
import { LineFramer } from './line-framer.js';
import { OctetCountedFramer } from './octet-counted-framer.js';
import { DETECT_WINDOW, detectLayout, type StreamLayout } from './stream-detect.js';

export type { FramedEvent } from './framed-event.js';

export interface FramerOptions {
  framing: 'lines' | 'octet-counted';
  format: FormatOption;
  /** Events longer than this are cut to it, with an error. */
  maxEventBytes: number;
  /** File name or '-' for stdin; names the source for the caller, not used in framing. */
  source: string;
}

export interface Framer {
  push(chunk: Buffer): FramedEvent[];
  end(): FramedEvent[];
}

interface ByteFramer {
  push(chunk: Buffer): void;
  end(): void;
}

/** Formats whose events may arrive as a JSON array or pretty-printed objects. */
const JSON_FORMATS: ReadonlySet<FormatOption> = new Set(['auto', 'journald', 'filebeat', 'cloudwatch']);

/**
 * Push-style framing for files, stdin and whole payloads. Chunk boundaries never change the
 * events; memory stays bounded by `maxEventBytes` (plus the 64 KiB detection window). A UTF-8
 * byte order mark at the start of the stream is an encoding marker, not data: it is dropped
 * before any framing or layout detection sees it.
 */
export function createFramer(opts: FramerOptions): Framer {
  const sink = new EventSink();
  const inner = opts.framing === 'octet-counted' ? new OctetCountedFramer(opts.maxEventBytes, sink) : new DetectingFramer(opts, sink);
  const bom = new LeadingBom();
  return {
    push(chunk) {
      const bytes = bom.strip(chunk);
      if (bytes.length > 0) inner.push(bytes);
      return sink.take();
    },
    end() {
      const held = bom.end();
      if (held.length > 0) inner.push(held);
      inner.end();
      return sink.take();
    },
  };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const EMPTY = Buffer.alloc(0);

/** Drops a UTF-8 BOM at the start of a stream, even when it arrives split across chunks. */
class LeadingBom {
  /** Bytes held while they could still be the start of a BOM; null once decided. */
  private head: Buffer | null = EMPTY;

  strip(chunk: Buffer): Buffer {
    if (this.head === null) return chunk;
    const bytes = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
    const k = Math.min(bytes.length, BOM.length);
    if (bytes.subarray(0, k).equals(BOM.subarray(0, k))) {
      if (k < BOM.length) {
        this.head = bytes;
        return EMPTY;
      }
      this.head = null;
      return bytes.subarray(BOM.length);
    }
    this.head = null;
    return bytes;
  }

  /** What was held when the stream ends inside a would-be BOM. */
  end(): Buffer {
    const held = this.head ?? EMPTY;
    this.head = null;
    return held;
  }
}

/** Frames a whole buffer (push + end). */
export function frameBuffer(buf: Buffer, opts: FramerOptions): FramedEvent[] {
  const framer = createFramer(opts);
  const events = framer.push(buf);
  const rest = framer.end();
  return rest.length === 0 ? events : events.concat(rest);
}

/**
 * The events `frameBuffer(data, opts)` gives when `data` is at most one line (the common Kinesis
 * record: one event, maybe a final LF), found without setting up a framer; null when `data` is
 * anything else (a BOM, several lines, JSON or export layouts, over the limits): frame it then.
 */
export function frameSingleLine(data: Buffer, opts: FramerOptions): FramedEvent[] | null {
  if (opts.framing !== 'lines' || opts.format === 'journal-export') return null;
  const n = data.length;
  if (n > opts.maxEventBytes || n > DETECT_WINDOW || data[0] === BOM[0]) return null;
  const nl = data.indexOf(LF);
  if (nl !== -1 && nl !== n - 1) return null;
  const allow = { json: JSON_FORMATS.has(opts.format), journalExport: opts.format === 'auto' };
  if ((allow.json || allow.journalExport) && detectLayout(data, true, allow) !== 'lines') return null;
  // As LineFramer cuts it: without the LF and one CR before it; an empty line is no event.
  let len = nl === -1 ? n : n - 1;
  if (len > 0 && data[len - 1] === CR) len--;
  return len === 0 ? [] : [{ data: len === n ? data : data.subarray(0, len), index: 0 }];
}

const LF = 0x0a;
const CR = 0x0d;

/** Holds the stream's first bytes until its layout is known, then hands everything on. */
class DetectingFramer implements ByteFramer {
  private inner: ByteFramer | undefined;
  private held: Buffer[] = [];
  /** The first (up to DETECT_WINDOW) bytes, what detection looks at: a view of the first chunk, or a growing copy. */
  private window: Buffer = Buffer.alloc(0);
  private windowLength = 0;
  private windowOwned = false;
  private lastTry = 0;
  private readonly allow: { json: boolean; journalExport: boolean };

  constructor(
    private readonly opts: FramerOptions,
    private readonly sink: EventSink,
  ) {
    this.allow = {
      json: JSON_FORMATS.has(opts.format),
      journalExport: opts.format === 'auto',
    };
    if (opts.format === 'journal-export') this.inner = new ExportFramer(opts.maxEventBytes, sink);
    else if (!this.allow.json && !this.allow.journalExport) this.inner = new LineFramer(opts.maxEventBytes, sink);
  }

  push(chunk: Buffer): void {
    if (this.inner) return this.inner.push(chunk);
    this.held.push(chunk);
    this.addToWindow(chunk);
    // Detection only ever answers when more bytes could not change the answer, so trying again
    // only once the head has doubled keeps it linear without changing the result.
    const full = this.windowLength === DETECT_WINDOW;
    if (full || this.windowLength >= 2 * this.lastTry) this.decide(full);
  }

  end(): void {
    if (!this.inner) this.decide(true);
    this.inner?.end();
  }

  private addToWindow(chunk: Buffer): void {
    const take = Math.min(chunk.length, DETECT_WINDOW - this.windowLength);
    if (this.windowLength === 0) {
      this.window = chunk.subarray(0, take);
    } else if (take > 0) {
      const needed = this.windowLength + take;
      if (!this.windowOwned || needed > this.window.length) {
        const grown = Buffer.allocUnsafe(Math.min(DETECT_WINDOW, Math.max(needed, 2 * this.windowLength)));
        this.window.copy(grown, 0, 0, this.windowLength);
        this.window = grown;
        this.windowOwned = true;
      }
      chunk.copy(this.window, this.windowLength, 0, take);
    }
    this.windowLength += take;
  }

  private decide(complete: boolean): void {
    this.lastTry = this.windowLength;
    const layout = detectLayout(this.window.subarray(0, this.windowLength), complete, this.allow);
    if (layout === undefined) return;
    const inner = this.framerFor(layout);
    this.inner = inner;
    for (const chunk of this.held) inner.push(chunk);
    this.held = [];
  }

  private framerFor(layout: StreamLayout): ByteFramer {
    const max = this.opts.maxEventBytes;
    if (layout === 'json-values') return new JsonValueFramer(max, this.sink);
    if (layout === 'journal-export') return new ExportFramer(max, this.sink);
    return new LineFramer(max, this.sink);
  }
}
