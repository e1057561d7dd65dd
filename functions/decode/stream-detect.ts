import { JsonNesting } from './json-nesting.js';

/** How a `lines`-framed stream is actually cut, decided from its first bytes. */
export type StreamLayout = 'lines' | 'json-values' | 'journal-export';

/** Bytes looked at to decide; a stream still undecided after them is line-framed. */
export const DETECT_WINDOW = 64 * 1024;

const LF = 0x0a;
const EQUALS = 0x3d;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** systemd's limit on journal field names. */
const MAX_FIELD_NAME = 64;
const CURSOR_PREFIX = Buffer.from('__CURSOR=');

function isSpace(b: number): boolean {
  return b === 0x20 || b === LF || b === 0x0d || b === 0x09;
}

function skipSpace(buf: Buffer, i: number): number {
  while (i < buf.length && isSpace(buf[i])) i++;
  return i;
}

/**
 * Decides the layout from the stream's first bytes, or returns undefined when more bytes are
 * needed. `complete` says `head` is all there will be (end of input or the detect window).
 */
export function detectLayout(
  head: Buffer,
  complete: boolean,
  allow: { json: boolean; journalExport: boolean },
): StreamLayout | undefined {
  const p = skipSpace(head, 0);
  if (p === head.length) return complete ? 'lines' : undefined;
  const first = head[p];
  if (allow.json && first === OPEN_BRACKET) return arrayOfObjects(head, p, complete);
  if (allow.json && first === OPEN_BRACE) return prettyObject(head, p, complete);
  if (allow.journalExport) return exportEntry(head, p, complete);
  return 'lines';
}

/** `[` then `{` or `]`: a JSON array of entries (not a `[    0.000000] kernel` line). */
function arrayOfObjects(head: Buffer, p: number, complete: boolean): StreamLayout | undefined {
  const q = skipSpace(head, p + 1);
  if (q === head.length) return complete ? 'lines' : undefined;
  return head[q] === OPEN_BRACE || head[q] === CLOSE_BRACKET ? 'json-values' : 'lines';
}

/**
 * An object left open at the end of its first line, outside a string, is pretty-printed. A
 * first line holding a whole object (NDJSON), or cut inside a string, stays line-framed so one
 * broken line cannot swallow the next.
 */
function prettyObject(head: Buffer, p: number, complete: boolean): StreamLayout | undefined {
  const nl = head.indexOf(LF, p);
  // One line, however it ends, is never pretty-printed: no need to scan it.
  if (nl === -1) return complete ? 'lines' : undefined;
  const nesting = new JsonNesting();
  nesting.open(OPEN_BRACE);
  const closed = nesting.scan(head, p + 1, nl) !== -1;
  return !closed && !nesting.inString ? 'json-values' : 'lines';
}

/** `__CURSOR=`, or two lines that each start with a journal field name and `=` or end of line. */
function exportEntry(head: Buffer, p: number, complete: boolean): StreamLayout | undefined {
  const firstEnd = fieldNameEnd(head, p);
  if (firstEnd === undefined) return complete ? 'lines' : undefined;
  if (firstEnd === -1 || head[firstEnd] !== EQUALS) return 'lines';
  if (head.subarray(p, firstEnd + 1).equals(CURSOR_PREFIX)) return 'journal-export';
  const nl = head.indexOf(LF, firstEnd);
  if (nl === -1) return complete ? 'lines' : undefined;
  const secondEnd = fieldNameEnd(head, nl + 1);
  if (secondEnd === undefined) return complete ? 'lines' : undefined;
  return secondEnd === -1 ? 'lines' : 'journal-export';
}

/**
 * Index of the `=` or LF after a journal field name starting at i ([A-Z_][A-Z0-9_]*, at most 64
 * bytes); -1 when there is no such name; undefined when the head ends first.
 */
function fieldNameEnd(head: Buffer, i: number): number | undefined {
  for (let k = i; k < head.length; k++) {
    const b = head[k];
    const upper = b >= 0x41 && b <= 0x5a;
    const digit = b >= 0x30 && b <= 0x39;
    if (upper || b === 0x5f || (digit && k > i)) {
      if (k - i >= MAX_FIELD_NAME) return -1;
      continue;
    }
    return k > i && (b === EQUALS || b === LF) ? k : -1;
  }
  return undefined;
}
