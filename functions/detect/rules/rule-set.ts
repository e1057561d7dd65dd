import type { DetectorsConfig } from '../../shared/config.js';
import { describeErrors, validateRule } from '../../shared/schemas.js';
import { BUILTIN_RULE_FILES } from './builtin/index.js';
import { compileRule, RuleError, type CompiledRule } from './compile.js';
import type { RuleSpec } from './spec.js';

/** Where a rule in effect comes from, for `logsift rules` and error messages. */
export interface RuleSource {
  spec: RuleSpec;
  /** `builtin:<file>` or `config`. */
  origin: string;
  /** A configured rule that replaces the built-in of the same name. */
  replaces: boolean;
}

/**
 * Every built-in rule, in file order. Not checked against the schema here: compiling the rule
 * schema costs the Lambda's cold start about 100 ms, and the built-ins cannot change after the
 * test that checks them (test/detect/rules/builtin.test.ts). Configured rules are checked.
 */
export function builtinRules(): RuleSource[] {
  const out: RuleSource[] = [];
  const seen = new Set<string>();
  for (const [file, content] of Object.entries(BUILTIN_RULE_FILES)) {
    for (const spec of content.rules) {
      if (seen.has(spec.name)) throw new RuleError(`rule ${JSON.stringify(spec.name)}: defined twice among the built-in rules`);
      seen.add(spec.name);
      out.push({ spec, origin: `builtin:${file}`, replaces: false });
    }
  }
  return out;
}

/**
 * The rules in effect: the built-ins minus `disable_rules`, with configured rules replacing
 * built-ins of the same name and the rest added after them. Throws RuleError naming the rule.
 */
export function rulesInEffect(config: Pick<DetectorsConfig, 'rules' | 'disable_rules'>): RuleSource[] {
  const builtins = builtinRules();
  const names = new Set(builtins.map((b) => b.spec.name));
  for (const n of config.disable_rules) {
    if (!names.has(n)) throw new RuleError(`detectors.disable_rules: no built-in rule is named ${JSON.stringify(n)}`);
  }
  const configured = new Map<string, RuleSpec>();
  for (const spec of config.rules) {
    checkSchema(spec, 'config');
    if (configured.has(spec.name)) throw new RuleError(`rule ${JSON.stringify(spec.name)}: defined twice in the configured rules`);
    configured.set(spec.name, spec);
  }
  const disabled = new Set(config.disable_rules);
  const out: RuleSource[] = [];
  for (const b of builtins) {
    const own = configured.get(b.spec.name);
    if (own !== undefined) {
      out.push({ spec: own, origin: 'config', replaces: true });
      configured.delete(b.spec.name);
    } else if (!disabled.has(b.spec.name)) out.push(b);
  }
  for (const spec of configured.values()) out.push({ spec, origin: 'config', replaces: false });
  return out;
}

const compiledByRules = new WeakMap<object, CompiledRule[]>();

/**
 * The rules in effect, compiled; cached per config (the Lambda builds its detectors per batch).
 * The linear-time check (linear-check.ts) is not made here: it runs where rules enter (the CLI's
 * config load, the stack's synth, a test for the built-ins), so the Lambda does not carry recheck.
 */
export function compiledRules(config: Pick<DetectorsConfig, 'rules' | 'disable_rules'>): CompiledRule[] {
  const cached = compiledByRules.get(config);
  if (cached !== undefined) return cached;
  const compiled = rulesInEffect(config).map((r) => compileRule(r.spec));
  compiledByRules.set(config, compiled);
  return compiled;
}

function checkSchema(spec: RuleSpec, where: string): void {
  if (validateRule(spec)) return;
  const named = (spec as { name?: unknown }).name;
  const name = typeof named === 'string' ? named : '(unnamed)';
  throw new RuleError(`rule ${JSON.stringify(name)} (${where}): ${describeErrors(validateRule.errors)}`);
}
