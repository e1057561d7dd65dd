/**
 * Which rules a record can concern, found once per kind of record instead of once per rule:
 * a rule's select reads only a few cheap fields (facility, app, unit, …), so the rules whose
 * select passes, and one prefilter for all their literals, are cached under those fields'
 * classes (KeyClasses). Per record that is a few string compares, an array read and one scan
 * of the message, with no allocation.
 */
import type { LogRecord } from '../../shared/record.js';
import { literalsRegex } from '../../shared/literal-windows.js';
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

/** The select keys; `fieldValue` reads each from a record. */
const SELECT_KEYS = ['transport', 'app', 'unit', 'facility', 'source_format', 'severity_at_most'] as const;
const SEVERITY_KEY = 5;

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

/** Beyond this many values of one key, a Map finds a value's class faster than comparing each. */
const MAX_LINEAR = 8;
/** Combinations of classes cached in an array up to this many; beyond, in a Map. */
const MAX_ARRAY_CACHE = 1 << 16;
/** Distinct combinations kept in the Map; beyond it the cache starts again. */
const MAX_CACHED = 4096;

/**
 * A record's value of one select key, as the class its rules can tell apart: 0 for null and
 * every value no rule names (every select on the key rejects all of them alike), i + 1 for the
 * i-th value some rule names. Severity (severity_at_most compares) is its own class, 1-8.
 * Record values are many (every app on a host) and rules name few, so classes make a small,
 * bounded cache key, and comparing against a few named values is cheaper than hashing the
 * record's fresh string.
 */
class KeyClasses {
  readonly size: number;
  private readonly values: readonly string[];
  private readonly index: Map<string, number> | null;

  constructor(
    readonly key: number,
    values: readonly string[],
  ) {
    this.values = values;
    this.index = values.length > MAX_LINEAR ? new Map(values.map((v, i) => [v, i + 1])) : null;
    this.size = key === SEVERITY_KEY ? 9 : values.length + 1;
  }

  /** The class of the record's value, or -1 when it has none (a severity outside 0-7). */
  of(r: LogRecord): number {
    const v = fieldValue(r, this.key);
    if (this.key === SEVERITY_KEY) return typeof v === 'number' && v >= 0 && v <= 7 && Number.isInteger(v) ? v + 1 : -1;
    if (v === null) return 0;
    if (this.index !== null) return this.index.get(v as string) ?? 0;
    const values = this.values;
    for (let i = 0; i < values.length; i++) if (values[i] === v) return i + 1;
    return 0;
  }
}

export class CandidateIndex {
  /** The keys some rule selects on. */
  private readonly keys: KeyClasses[];
  private readonly byArray: Array<Candidates | undefined> | null;
  private byMap = new Map<number, Candidates>();
  /** One Candidates per distinct rule set, so its prefilter regexes are built once. */
  private readonly bySet = new Map<string, Candidates>();
  private readonly none: Candidates = { all: [], unfiltered: [], literals: null, lowerLiterals: null };

  constructor(private readonly rules: readonly CompiledRule[]) {
    const named = new Map<string, Set<string>>();
    for (const r of rules) {
      for (const [k, v] of Object.entries(r.spec.select ?? {})) {
        const set = named.get(k) ?? new Set<string>();
        if (Array.isArray(v)) for (const x of v) set.add(x);
        named.set(k, set);
      }
    }
    this.keys = SELECT_KEYS.flatMap((k, i) => (named.has(k) ? [new KeyClasses(i, [...named.get(k)!])] : []));
    const combinations = this.keys.reduce((n, k) => n * k.size, 1);
    this.byArray = combinations <= MAX_ARRAY_CACHE ? new Array<Candidates | undefined>(combinations) : null;
  }

  /** The rules a record's select fields let through, with their prefilter. */
  of(record: LogRecord): Candidates {
    const keys = this.keys;
    let at = 0;
    for (let i = 0; i < keys.length; i++) {
      const c = keys[i].of(record);
      if (c < 0) return this.candidatesOf(record);
      at = at * keys[i].size + c;
    }
    if (this.byArray !== null) return this.byArray[at] ?? (this.byArray[at] = this.candidatesOf(record));
    let found = this.byMap.get(at);
    if (found === undefined) {
      if (this.byMap.size >= MAX_CACHED) this.byMap = new Map();
      found = this.candidatesOf(record);
      this.byMap.set(at, found);
    }
    return found;
  }

  private candidatesOf(record: LogRecord): Candidates {
    const all: number[] = [];
    for (let i = 0; i < this.rules.length; i++) if (this.rules[i].selects(record)) all.push(i);
    const id = all.join(',');
    let c = this.bySet.get(id);
    if (c === undefined) {
      c = all.length === 0 ? this.none : candidatesOf(this.rules, all);
      this.bySet.set(id, c);
    }
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
  return { all, unfiltered, literals: literalsRegex(exact), lowerLiterals: literalsRegex(lower) };
}
