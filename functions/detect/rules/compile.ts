import type { LogRecord } from '../../shared/record.js';
import { SEVERITY_NAMES } from '../../shared/syslog-codes.js';
import type { FindingSeverity } from '../types.js';
import { requiredLiterals } from './literals.js';
import type { RuleSpec } from './spec.js';

/** A rule that cannot be used: the message names the rule and says why. */
export class RuleError extends Error {}

export const DEFAULT_MAX_LINES = 200;
export const DEFAULT_MAX_GAP_SECONDS = 5;
export const DEFAULT_MERGE_SECONDS = 600;
/** A capture longer than this is cut: captures end up in state, details and summaries. */
export const MAX_CAPTURE_CHARS = 256;

export type Captures = Record<string, string>;

/** A rule ready to run: regexes built, select turned into one predicate, defaults filled. */
export interface CompiledRule {
  spec: RuleSpec;
  name: string;
  selects: (r: LogRecord) => boolean;
  match: RegExp;
  /** Text every match contains (one of them), lower-cased when `ignoreCase`; null: always run the regex. */
  matchLiterals: string[] | null;
  recoverLiterals: string[] | null;
  ignoreCase: boolean;
  fold: {
    continue: RegExp;
    until: RegExp | null;
    maxLines: number;
    maxGapUs: number;
    capture: RegExp[];
  } | null;
  recover: RegExp | null;
  quietUs: number | null;
  /** How long after an incident's last match another match still extends it. */
  mergeUs: number;
  count: number;
  windowUs: number;
  groupBy: string[];
  severityOf: (c: Captures) => FindingSeverity;
}

/** Builds one rule; throws RuleError naming the rule when a regex does not compile or a key is inconsistent. */
export function compileRule(spec: RuleSpec): CompiledRule {
  const name = spec.name;
  const flags = spec.match_flags ?? '';
  const build = (what: string, source: string): RegExp => {
    try {
      return new RegExp(source, flags);
    } catch (err) {
      throw new RuleError(`rule ${JSON.stringify(name)}: ${what} is not a valid regular expression: ${(err as Error).message}`);
    }
  };
  const match = build('match', spec.match);
  const groups = namedGroups(match);
  const groupBy = spec.group_by ?? ['host'];
  for (const g of groupBy) {
    if (g.startsWith('capture:') && !groups.has(g.slice(8))) {
      throw new RuleError(`rule ${JSON.stringify(name)}: group_by ${g} names no group (?<${g.slice(8)}>…) of match`);
    }
  }
  const recover = spec.resolve?.match !== undefined ? build('resolve.match', spec.resolve.match) : null;
  const fold = spec.fold
    ? {
        continue: build('fold.continue', spec.fold.continue),
        until: spec.fold.until !== undefined ? build('fold.until', spec.fold.until) : null,
        maxLines: spec.fold.max_lines ?? DEFAULT_MAX_LINES,
        maxGapUs: (spec.fold.max_gap_seconds ?? DEFAULT_MAX_GAP_SECONDS) * 1e6,
        capture: (spec.fold.capture ?? []).map((c, i) => build(`fold.capture[${i}]`, c)),
      }
    : null;
  if ((spec.threshold?.count ?? 1) > 1 && (spec.threshold?.window_seconds ?? 0) === 0) {
    throw new RuleError(`rule ${JSON.stringify(name)}: threshold.count ${spec.threshold?.count} needs a window_seconds above 0`);
  }
  const quietUs = spec.resolve?.quiet_seconds !== undefined ? spec.resolve.quiet_seconds * 1e6 : null;
  return {
    spec,
    name,
    selects: selector(spec),
    match,
    matchLiterals: requiredLiterals(spec.match, flags.includes('i')),
    recoverLiterals: spec.resolve?.match !== undefined ? requiredLiterals(spec.resolve.match, flags.includes('i')) : null,
    ignoreCase: flags.includes('i'),
    fold,
    recover,
    quietUs,
    mergeUs: (spec.merge_seconds ?? DEFAULT_MERGE_SECONDS) * 1e6,
    count: spec.threshold?.count ?? 1,
    windowUs: (spec.threshold?.window_seconds ?? 0) * 1e6,
    groupBy,
    severityOf: severity(spec),
  };
}

/** The named groups of a regex (by compiling an alternative that always matches the empty string). */
function namedGroups(re: RegExp): Set<string> {
  const probe = new RegExp(`${re.source}|`, re.flags).exec('');
  return new Set(Object.keys(probe?.groups ?? {}));
}

/** The captures of a match: named groups that took part, cut to MAX_CAPTURE_CHARS. */
export function capturesOf(m: RegExpExecArray): Captures {
  const out: Captures = {};
  const g = m.groups;
  if (g === undefined) return out;
  for (const k in g) {
    const v = g[k];
    if (v !== undefined) out[k] = v.length > MAX_CAPTURE_CHARS ? v.slice(0, MAX_CAPTURE_CHARS) : v;
  }
  return out;
}

/** One predicate for the rule's select: AND across keys, OR within a list; no select keys: every record. */
function selector(spec: RuleSpec): (r: LogRecord) => boolean {
  const s = spec.select ?? {};
  const checks: Array<(r: LogRecord) => boolean> = [];
  const among = (list: string[] | undefined, get: (r: LogRecord) => string | null): void => {
    if (list === undefined) return;
    const set = new Set(list);
    checks.push((r) => {
      const v = get(r);
      return v !== null && set.has(v);
    });
  };
  among(s.transport, (r) => r.transport);
  among(s.app, (r) => r.app);
  among(s.unit, (r) => r.unit);
  among(s.facility, (r) => r.facility_name);
  among(s.source_format, (r) => r.source_format);
  if (s.severity_at_most !== undefined) {
    const most = SEVERITY_NAMES.indexOf(s.severity_at_most);
    checks.push((r) => r.severity <= most);
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  return (r) => {
    for (const c of checks) if (!c(r)) return false;
    return true;
  };
}

function severity(spec: RuleSpec): (c: Captures) => FindingSeverity {
  const s = spec.severity;
  if (typeof s === 'string') return () => s;
  const map = new Map(Object.entries(s.map).map(([k, v]) => [k.toLowerCase(), v]));
  const fallback = s.default ?? 'warning';
  return (c) => {
    const v = c[s.capture];
    return (v !== undefined ? map.get(v.toLowerCase()) : undefined) ?? fallback;
  };
}
