import type { Writable } from 'node:stream';

/** Progress of a long run, for a person watching a terminal. */
export interface Progress {
  /** Totals so far (not increments). Cheap to call per batch: it redraws at most every REDRAW_MS. */
  update(bytesDone: number, records: number): void;
  /** Removes the bar, leaving the line empty for what follows. */
  done(): void;
}

type ProgressStream = Writable & { isTTY?: boolean; columns?: number };

export const REDRAW_MS = 250;
const BAR = 20;

/**
 * A one-line bar on `stream` when it is a terminal: bytes done/total, records/s, ETA.
 * `totalBytes` null (stdin, a pipe) shows bytes and rate without a bar or ETA.
 * Anywhere else (a pipe, a file, CI logs) it is a no-op, so output stays clean.
 */
export function createProgress(stream: ProgressStream, totalBytes: number | null, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return { update() {}, done() {} };
  return new TerminalProgress(stream, totalBytes, now);
}

class TerminalProgress implements Progress {
  private readonly start: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totalBytes: number | null,
    private readonly now: () => number,
  ) {
    this.start = now();
  }

  update(bytesDone: number, records: number): void {
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    const line = progressLine(bytesDone, this.totalBytes, records, (t - this.start) / 1000);
    const width = this.stream.columns ?? 80;
    // \r and clear-line: redraw in place without scrolling; cut to the width so it never wraps.
    this.stream.write('\r\x1b[2K' + line.slice(0, Math.max(width - 1, 0)));
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** The text of the bar: `[#####-----]  42%  12.3 MB / 29.1 MB  85k records/s  ETA 0:12`. */
export function progressLine(bytesDone: number, totalBytes: number | null, records: number, seconds: number): string {
  const rate = seconds > 0 ? records / seconds : 0;
  const rateText = `${compact(rate)} records/s`;
  if (totalBytes === null || totalBytes <= 0) return `${megabytes(bytesDone)}  ${compact(records)} records  ${rateText}`;
  const fraction = Math.min(bytesDone / totalBytes, 1);
  const filled = Math.round(fraction * BAR);
  const bar = '[' + '#'.repeat(filled) + '-'.repeat(BAR - filled) + ']';
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const byteRate = seconds > 0 ? bytesDone / seconds : 0;
  const eta = byteRate > 0 && fraction < 1 ? `ETA ${clock((totalBytes - bytesDone) / byteRate)}` : 'ETA --:--';
  return `${bar} ${percent}  ${megabytes(bytesDone)} / ${megabytes(totalBytes)}  ${rateText}  ${eta}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}

/** m:ss, or h:mm:ss from an hour on. */
function clock(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
