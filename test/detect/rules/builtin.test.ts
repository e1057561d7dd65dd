import { describe, expect, it } from 'vitest';
import { BUILTIN_RULE_FILES } from '../../../functions/detect/rules/builtin/index.js';
import { compileRule } from '../../../functions/detect/rules/compile.js';
import { assertLinearTime } from '../../../functions/detect/rules/linear-check.js';
import { builtinRules, rulesInEffect } from '../../../functions/detect/rules/rule-set.js';
import { validateRulesFile } from '../../../functions/shared/schemas.js';

/**
 * The Lambda does not carry recheck (docs/detectors/rules.md): the built-in rules are proven
 * linear-time here, configured rules where they enter (CLI config load, the stack's synth).
 */
describe('built-in rules', () => {
  it('every file is a valid rules file; names are unique; each rule compiles and is linear-time', () => {
    for (const [file, content] of Object.entries(BUILTIN_RULE_FILES)) expect(validateRulesFile(content), file).toBe(true);
    const rules = builtinRules();
    expect(new Set(rules.map((r) => r.spec.name)).size).toBe(rules.length);
    for (const r of rules) compileRule(r.spec);
    expect(() => assertLinearTime(rules.map((r) => r.spec))).not.toThrow();
  }, 120_000);

  it('are all in effect by default', () => {
    expect(rulesInEffect({ rules: [], disable_rules: [] }).map((r) => r.spec.name)).toEqual(builtinRules().map((r) => r.spec.name));
  });

  it('the linear-time check refuses what backtracks, naming rule and regex', () => {
    const base = { name: 'r1', type: 't', match: 'ok', severity: 'info' as const, summary: 's', remediation: 'r' };
    expect(() => assertLinearTime([{ ...base, fold: { continue: '^(\\s|\\s)*x' } }])).toThrow(/^rule "r1": fold.continue .* is refused/);
    // A back-reference: recheck's fuzzer finds the polynomial blow-up.
    expect(() => assertLinearTime([{ ...base, match: '(\\w+)=\\1' }])).toThrow(/^rule "r1": match .* is refused/);
    expect(() => assertLinearTime([{ ...base, match: 'task (?<t>\\S{1,64}) blocked' }])).not.toThrow();
  });
});
