/**
 * Aligned text tables for people: query results, findings, the run summary.
 * Cells are single-line (control characters made visible, so a log message cannot move the
 * cursor or break the alignment), at most `maxCell` characters, and the table is narrowed to
 * `width` by shrinking its widest columns; a cut cell ends with '…'.
 */

export type Align = 'left' | 'right';

interface TableOptions {
  /** Total width to fit in (a terminal's columns); Infinity for no limit. */
  width?: number;
  /** Longest cell before it is cut, whatever the width. */
  maxCell?: number;
  /** Per column; default left. */
  align?: readonly Align[];
  /** Per column: true keeps it whole while other columns can still give (times, ids). */
  keep?: readonly boolean[];
  /** Per column: true wraps a long cell onto more lines (at spaces) instead of cutting it. */
  wrap?: readonly boolean[];
}

const GAP = '  ';
/** A column is never shrunk below this (or its header, if shorter). */
const MIN_COLUMN = 6;

export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const maxCell = options.maxCell ?? 80;
  const head = headers.map((h) => fitCell(h, maxCell));
  const body = rows.map((row) => headers.map((_, i) => fitCell(row[i] ?? '', maxCell)));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const keep = options.keep ?? [];
  narrow(widths, head, options.width ?? Infinity, (i) => keep[i] !== true);
  narrow(widths, head, options.width ?? Infinity, () => true);

  const align = options.align ?? [];
  const wrap = options.wrap ?? [];
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - cell.length);
        if (align[i] === 'right') return pad + cell;
        return i === cells.length - 1 ? cell : cell + pad;
      })
      .join(GAP)
      .trimEnd(); // no trailing blanks
  /** One row as one or more lines: wrapped cells continue below, the other columns blank. */
  const row = (cells: readonly string[]): string[] => {
    const parts = cells.map((c, i) => (wrap[i] === true && c.length > widths[i] ? wrapWords(c, widths[i]) : [cut(c, widths[i])]));
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) => line(parts.map((p) => p[k] ?? '')));
  };
  const rule = widths.map((w) => '─'.repeat(w)).join(GAP);
  return [line(head.map((h, i) => cut(h, widths[i]))), rule, ...body.flatMap(row)].join('\n') + '\n';
}

/**
 * `text` broken at spaces into lines of at most `width` characters; a word longer than the width
 * is split, so no line is longer.
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(width, 1);
  const lines: string[] = [];
  let current = '';
  for (let word of text.split(' ')) {
    if (word === '') continue;
    while (word.length > w) {
      if (current !== '') lines.push(current);
      current = '';
      let take = w;
      const c = word.charCodeAt(take - 1);
      if (c >= 0xd800 && c <= 0xdbff) take = take > 1 ? take - 1 : 2; // keep a surrogate pair together
      lines.push(word.slice(0, take));
      word = word.slice(take);
    }
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= w) current += ' ' + word;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/** Shrinks the widest columns that `may` allow, one character at a time, until the table fits or none can give. */
function narrow(widths: number[], head: readonly string[], width: number, may: (column: number) => boolean): void {
  const total = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  let excess = total() - width;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const floor = Math.min(MIN_COLUMN, Math.max(head[i].length, 1));
      if (may(i) && widths[i] > floor && (widest < 0 || widths[i] > widths[widest])) widest = i;
    }
    if (widest < 0) return;
    widths[widest]--;
    excess--;
  }
}

/** `text` in at most `width` characters, ending with '…' when cut (never splitting a surrogate pair). */
function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  let end = width - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/**
 * One line of display text of at most `max` characters, ending with '…' when cut: tabs become
 * a space, line breaks '↵', other control characters U+FFFD, so terminal escapes in logs stay
 * inert. Reads no more of `text` than it keeps, however long `text` is.
 */
export function fitCell(text: string, max: number): string {
  let out = '';
  let i = 0;
  for (; i < text.length && out.length <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09) out += ' ';
    else if (c === 0x0a) out += '↵';
    else if (c === 0x0d) out += text.charCodeAt(i + 1) === 0x0a ? '' : '↵';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += '\uFFFD';
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      out += text[i] + text[++i];
    } else out += text[i];
  }
  return cut(out, max);
}
