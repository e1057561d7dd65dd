import { checkSync } from 'recheck';
import { RuleError } from './compile.js';
import type { RuleSpec } from './spec.js';

/** Every regex of a rule, named by where it sits in the rule. */
export function regexesOf(spec: RuleSpec): Array<{ where: string; source: string }> {
  const out = [{ where: 'match', source: spec.match }];
  if (spec.fold) {
    out.push({ where: 'fold.continue', source: spec.fold.continue });
    if (spec.fold.until !== undefined) out.push({ where: 'fold.until', source: spec.fold.until });
    (spec.fold.capture ?? []).forEach((source, i) => out.push({ where: `fold.capture[${i}]`, source }));
  }
  if (spec.resolve?.match !== undefined) out.push({ where: 'resolve.match', source: spec.resolve.match });
  return out;
}

/** recheck's budget per regex (its default is 10 s; a loaded 2-core machine needs more). */
const LINEAR_CHECK_TIMEOUT_MS = 60_000;

/**
 * Refuses a rule with a regex recheck cannot prove linear-time (a catastrophic-backtracking
 * pattern runs on every record, on untrusted input). Uses recheck, a devDependency-sized
 * library (~3 MB): called by the CLI and at synth time, never in the Lambda (docs/detectors/rules.md).
 */
export function assertLinearTime(specs: readonly RuleSpec[]): void {
  for (const spec of specs) {
    for (const { where, source } of regexesOf(spec)) {
      const flags = spec.match_flags ?? '';
      // recheck's default checker, as test/regex-safety.test.ts uses for logsift's own regexes: the
      // automaton proof where the regex is small enough, its step-counting fuzzer otherwise (the
      // automaton alone gives up on lookarounds and times out on the long anchored alternations
      // kernel rules need). The budget is generous: this runs once, at load, not per record.
      const result = checkSync(source, flags, { timeout: LINEAR_CHECK_TIMEOUT_MS });
      if (result.status === 'safe') continue;
      const why =
        result.status === 'vulnerable'
          ? `it can take ${result.complexity.type === 'exponential' ? 'exponential' : 'polynomial'} time (catastrophic backtracking)${result.attack ? `, e.g. on ${JSON.stringify(result.attack.pattern)}` : ''}`
          : `recheck could not prove it linear-time (${result.error.kind}${result.error.kind === 'unsupported' ? ': back-references and some lookarounds cannot be checked' : ''})`;
      throw new RuleError(`rule ${JSON.stringify(spec.name)}: ${where} /${source}/ is refused: ${why}; rewrite it without nested or overlapping repetition`);
    }
  }
}
