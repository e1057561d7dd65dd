/**
 * A cheap prefilter for a rule's regex: text that every match must contain. Most lines match
 * no rule, and `message.includes(literal)` rejects them faster than running the regex (which,
 * unanchored, is tried at every position). Conservative: only literal runs at the top level of
 * each alternative count; anything the reader does not understand gives no prefilter (null),
 * and the regex then always runs.
 */
import { rx } from '../../shared/safe-regex.js';

const MIN_LITERAL = 3;
const COUNTED = rx(/^\{\d{1,5}(?:,\d{0,5})?\}/);
/** Escapes that stand for their own character. */
const LITERAL_ESCAPES = new Set([...'.^$|?*+()[]{}\\/-:,=!<>#%&@~"\'` ']);

/**
 * One literal per top-level alternative (a match contains at least one of them), lower-cased
 * when the regex ignores case; null when some alternative has no literal of MIN_LITERAL characters.
 */
export function requiredLiterals(source: string, ignoreCase: boolean): string[] | null {
  const branches = splitTopLevel(source);
  if (branches === null) return null;
  const out: string[] = [];
  for (const b of branches) {
    const lits = bestRequirement(b);
    if (lits === null) return null;
    for (const lit of lits) out.push(ignoreCase ? lit.toLowerCase() : lit);
  }
  return [...new Set(out)];
}

/** How good a set of alternatives is as a filter: its shortest literal (longer literals reject more lines). */
function score(lits: string[]): number {
  return Math.min(...lits.map((l) => l.length)) - lits.length / 100;
}

/** The alternatives of the top level (`a|b`), or null on an unbalanced pattern. */
function splitTopLevel(source: string): string[] | null {
  const out: string[] = [];
  let start = 0;
  let unbalanced = false;
  const end = walkGroups(source, 0, (c, i, depth) => {
    if (depth < 0) return (unbalanced = true);
    if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  if (unbalanced || end.depth !== 0 || end.inClass) return null;
  out.push(source.slice(start));
  return out;
}

/**
 * The one scanner of a regex source's structure: from `from`, skips escapes and character
 * classes and calls `visit` on every other character with the depth of groups open after it
 * (a `(` counts itself, a `)` is already closed). Stops where `visit` returns true (`stop`),
 * else at the end (`stop` -1), saying how deep it ended and whether a class was left open.
 */
function walkGroups(source: string, from: number, visit: (c: string, i: number, depth: number) => boolean): { stop: number; depth: number; inClass: boolean } {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (visit(c, i, depth)) return { stop: i, depth, inClass };
  }
  return { stop: -1, depth, inClass };
}

/**
 * What every match of this sequence contains: the longest run of literal characters, or the
 * alternatives of a group that must match (`(?:Oops|BUG): `), whichever filters better.
 */
function bestRequirement(seq: string): string[] | null {
  let best: string[] | null = null;
  let run = '';
  const consider = (lits: string[] | null): void => {
    if (lits === null || lits.some((l) => l.length < MIN_LITERAL)) return;
    if (best === null || score(lits) > score(best)) best = lits;
  };
  const end = (): void => {
    consider(run === '' ? null : [run]);
    run = '';
  };
  for (let i = 0; i < seq.length; ) {
    const c = seq[i];
    let atom: string | null = null;
    let next = i + 1;
    if (c === '\\') {
      const e = seq[i + 1];
      if (e === undefined) return null;
      atom = LITERAL_ESCAPES.has(e) ? e : null;
      next = i + 2;
    } else if (c === '(' || c === '[') {
      next = skipGroupOrClass(seq, i);
      if (next < 0) return null;
      const q = seq[next];
      const optional = q === '?' || q === '*' || (q === '{' && seq[next + 1] === '0');
      if (c === '(' && !optional) consider(groupRequirement(seq.slice(i + 1, next - 1)));
    } else if (c === '.' || c === '^' || c === '$') {
      atom = null;
    } else if (c === '?' || c === '*' || c === '+' || c === '{' || c === ')' || c === ']' || c === '|') {
      return null; // a quantifier with nothing before it, or text this reader does not follow
    } else atom = c;
    const q = seq[next];
    const quantified = q === '?' || q === '*' || q === '+' || (q === '{' && COUNTED.test(seq.slice(next, next + 13)));
    if (quantified) {
      // The atom may repeat or be absent: the run ends before it. Skip the quantifier (and a lazy `?`).
      end();
      next = q === '{' ? seq.indexOf('}', next) + 1 : next + 1;
      if (seq[next] === '?') next++;
    } else if (atom !== null) run += atom;
    else end();
    i = next;
  }
  end();
  return best;
}

/** A group's own requirement: its alternatives' literals; none for lookarounds (they match no text). */
function groupRequirement(body: string): string[] | null {
  let inner = body;
  if (inner.startsWith('?:')) inner = inner.slice(2);
  else if (inner.startsWith('?<') && inner[2] !== '=' && inner[2] !== '!') inner = inner.slice(inner.indexOf('>') + 1);
  else if (inner.startsWith('?')) return null;
  return requiredLiterals(inner, false);
}

/** Index after the group or class starting at `i`; -1 if it does not close. */
function skipGroupOrClass(seq: string, i: number): number {
  if (seq[i] === '[') {
    for (let j = i + 1; j < seq.length; j++) {
      if (seq[j] === '\\') j++;
      else if (seq[j] === ']') return j + 1;
    }
    return -1;
  }
  const close = walkGroups(seq, i, (c, _j, depth) => c === ')' && depth === 0).stop;
  return close < 0 ? -1 : close + 1;
}
