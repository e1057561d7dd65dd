import { isByteArray } from './journal-entry.js';

/**
 * Duplicate keys in a JSON object: JSON.parse keeps only the last value of a key that occurs
 * twice, silently. journalctl writes a field that occurs several times as one array of its
 * values, so a journald entry whose producer wrote the key twice instead is read the same way:
 * its values merged, in order, into such an array (see docs/journald-json.md).
 */

/** What the parse of a member-by-member text adds up to, from the values JSON.parse returned. */
export interface MemberMeasure {
  /** Sum over members of key.length + value.length + 6 (quotes, colon, comma): the compact text length, less 1. */
  chars: number;
  /** False once a value was not a string (its text length is not known without serializing it). */
  stringsOnly: boolean;
}

/**
 * True when the object parsed from `text` provably lost no member. The text is at least as long
 * as the parsed members written compactly; the surplus is blanks between tokens, the extra length
 * of escapes (`\n` +1, `\uXXXX` +5), and any member JSON.parse dropped. When the surplus is all
 * escapes, nothing was dropped. One indexOf per backslash: free for most lines.
 */
export function provablyNoDuplicates(text: string, m: MemberMeasure): boolean {
  if (!m.stringsOnly) return false;
  let surplus = text.length - (1 + m.chars);
  for (let i = text.indexOf('\\'); i !== -1 && surplus >= 0; i = text.indexOf('\\', i)) {
    const unicode = text.charCodeAt(i + 1) === 0x75; // \uXXXX
    surplus -= unicode ? 5 : 1;
    i += unicode ? 6 : 2;
  }
  return surplus === 0;
}

/**
 * The object with every key that `text` (a valid JSON object) holds more than once given all its
 * values, as journalctl writes a repeated field: an array, a value that already is a list of
 * values (not a byte array) contributing its items. null when no key repeats.
 */
export function mergeDuplicateKeys(object: Record<string, unknown>, text: string): Record<string, unknown> | null {
  const seen = new Map<string, string[]>();
  for (const { key, value } of topLevelMembers(text)) {
    const list = seen.get(key);
    if (list) list.push(value);
    else seen.set(key, [value]);
  }
  let merged: Record<string, unknown> | null = null;
  for (const [key, texts] of seen) {
    if (texts.length < 2) continue;
    merged ??= { ...object };
    const values: unknown[] = [];
    for (const t of texts) {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v) && !isByteArray(v)) values.push(...v);
      else values.push(v);
    }
    Object.defineProperty(merged, key, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

/** The top-level members of a valid JSON object text: each key (decoded) and its value's text. */
function topLevelMembers(text: string): { key: string; value: string }[] {
  const members: { key: string; value: string }[] = [];
  let i = skipBlanks(text, text.indexOf('{') + 1);
  while (i < text.length && text[i] === '"') {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipBlanks(text, skipBlanks(text, keyEnd) + 1); // past ':'
    const valueEnd = valueEndAt(text, valueStart);
    members.push({ key, value: text.slice(valueStart, valueEnd) });
    i = skipBlanks(text, valueEnd);
    if (text[i] === ',') i = skipBlanks(text, i + 1);
  }
  return members;
}

function skipBlanks(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}

/** Index just past the string starting at `i` (a quote). */
function stringEnd(s: string, i: number): number {
  for (let q = s.indexOf('"', i + 1); q !== -1; q = s.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (s[q - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return q + 1;
  }
  return s.length;
}

/** Index just past the value starting at `i`: a string, an object or array (nesting counted), or a literal. */
function valueEndAt(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return stringEnd(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') j = stringEnd(s, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return j + 1;
    }
    return s.length;
  }
  let j = i;
  while (j < s.length && s[j] !== ',' && s[j] !== '}' && s[j] !== ' ' && s[j] !== '\n' && s[j] !== '\r' && s[j] !== '\t') j++;
  return j;
}
