/**
 * Which rules a record can concern, found once per kind of record instead of once per rule:
 * a rule's select reads only a few cheap fields (facility, app, unit, …), so the rules whose
 * select passes, and one prefilter for all their literals, are cached under those fields' values.
 * Per record that is a few Map lookups and one scan of the message, with no allocation.
 */
import type { LogRecord } from '../../shared/record.js';
import { rx } from '../../shared/safe-regex.js';
import type { CompiledRule } from './compile.js';

export interface Candidates {
  /** Indices of the rules whose select passes, in rule order. */
  readonly all: readonly number[];
  /**
   * Of those, the rules that can hit a message containing none of `literals`: a fold (its
   * continuation lines carry no literal) or a regex without a prefilter (literals null).
   */
  readonly unfiltered: readonly number[];
  /** Finds whether a literal of `all`'s case-sensitive rules (match and recover) may occur; null when there is none. */
  readonly literals: RegExp | null;
  /** The same for rules that ignore case, to test against the lower-cased message. */
  readonly lowerLiterals: RegExp | null;
}

/** The select keys, in the order the cache nests them; `fieldValue` reads each from a record. */
const SELECT_KEYS = ['transport', 'app', 'unit', 'facility', 'source_format', 'severity_at_most'];

/** One switch rather than a closure per key: the call site stays monomorphic on the hot path. */
function fieldValue(r: LogRecord, key: number): string | number | null {
  switch (key) {
    case 0:
      return r.transport;
    case 1:
      return r.app;
    case 2:
      return r.unit;
    case 3:
      return r.facility_name;
    case 4:
      return r.source_format;
    default:
      return r.severity;
  }
}

/** Distinct field-value combinations kept; beyond it (many apps, say) the cache starts again. */
const MAX_CACHED = 4096;
const REGEX_SYNTAX = rx(/[.*+?^${}()|[\]\\/]/g);

export class CandidateIndex {
  /** Indices into SELECT_KEYS of the keys some rule selects on. */
  private readonly fields: number[];
  private root = new Map<unknown, unknown>();
  private cached = 0;
  /** One Candidates per distinct rule set, so its prefilter regexes are built once. */
  private readonly bySet = new Map<string, Candidates>();
  private readonly none: Candidates = { all: [], unfiltered: [], literals: null, lowerLiterals: null };

  constructor(private readonly rules: readonly CompiledRule[]) {
    const keys = new Set<string>();
    for (const r of rules) for (const k of Object.keys(r.spec.select ?? {})) keys.add(k);
    this.fields = SELECT_KEYS.flatMap((k, i) => (keys.has(k) ? [i] : []));
  }

  /** The rules a record's select fields let through, with their prefilter. */
  of(record: LogRecord): Candidates {
    const fields = this.fields;
    if (fields.length === 0) return (this.root.get(null) as Candidates | undefined) ?? this.build(record, this.root, null);
    let level = this.root;
    const last = fields.length - 1;
    for (let i = 0; i < last; i++) {
      const v = fieldValue(record, fields[i]);
      let next = level.get(v) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        if (this.cached >= MAX_CACHED) return this.reset(record);
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const v = fieldValue(record, fields[last]);
    return (level.get(v) as Candidates | undefined) ?? this.build(record, level, v);
  }

  private reset(record: LogRecord): Candidates {
    this.root = new Map();
    this.cached = 0;
    return this.of(record);
  }

  private build(record: LogRecord, level: Map<unknown, unknown>, key: unknown): Candidates {
    if (this.cached >= MAX_CACHED) return this.reset(record);
    const all: number[] = [];
    for (let i = 0; i < this.rules.length; i++) if (this.rules[i].selects(record)) all.push(i);
    const id = all.join(',');
    let c = this.bySet.get(id);
    if (c === undefined) {
      c = all.length === 0 ? this.none : candidatesOf(this.rules, all);
      this.bySet.set(id, c);
    }
    level.set(key, c);
    this.cached++;
    return c;
  }
}

function candidatesOf(rules: readonly CompiledRule[], all: number[]): Candidates {
  const exact: string[] = [];
  const lower: string[] = [];
  const unfiltered: number[] = [];
  for (const i of all) {
    const r = rules[i];
    if (r.fold !== null || r.matchLiterals === null || (r.recover !== null && r.recoverLiterals === null)) unfiltered.push(i);
    for (const lits of [r.matchLiterals, r.recoverLiterals]) if (lits !== null) (r.ignoreCase ? lower : exact).push(...lits);
  }
  return { all, unfiltered, literals: anyOf(exact), lowerLiterals: anyOf(lower) };
}

/**
 * One regex that finds whether any of the literals may occur: a single pass over the message
 * instead of one `includes` per literal. Each literal stands in by a short window of its
 * rarest-looking characters (a message holding the literal holds the window, so nothing is
 * missed; a window in other text only sends the record on to the exact per-rule check):
 * short alternatives with uncommon characters let the regex skip ahead faster (on the bench's
 * mixed messages, 8-13 ms per 100k against 10-15 ms for whole literals, on a busy machine).
 * Escaped literals only, so it is linear in the message.
 */
function anyOf(literals: string[]): RegExp | null {
  if (literals.length === 0) return null;
  const windows = [...new Set(literals.map((l) => rarestWindow(l, WINDOW)))];
  return new RegExp(windows.map((l) => l.replace(REGEX_SYNTAX, '\\$&')).join('|'));
}

const WINDOW = 4;
/** Lower-case letters by how often they occur in English text, most common first. */
const COMMON = 'etaoinshrdlcumwfgypbvkjxqz';

/** How common a character looks in log text: spaces and frequent letters high, capitals, digits and punctuation low. */
function commonness(ch: string): number {
  if (ch === ' ') return 40;
  const i = COMMON.indexOf(ch);
  if (i >= 0) return 36 - i;
  return ch >= 'A' && ch <= 'Z' ? 3 : 5;
}

/** The `n`-character run of `literal` whose characters look least common (the literal itself when shorter). */
function rarestWindow(literal: string, n: number): string {
  if (literal.length <= n) return literal;
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let i = 0; i + n <= literal.length; i++) {
    let cost = 0;
    for (let k = 0; k < n; k++) cost += commonness(literal[i + k]);
    if (cost < bestCost) {
      bestCost = cost;
      best = i;
    }
  }
  return literal.slice(best, best + n);
}
