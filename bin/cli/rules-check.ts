import { RuleError } from '../../functions/detect/rules/compile.js';
import { compiledRules } from '../../functions/detect/rules/rule-set.js';
import type { DetectorsConfig } from '../../functions/shared/config.js';
import { UsageError } from './options.js';

/**
 * Checks the rules in effect before any input is read: each compiles, names what exists, and
 * every configured rule's regexes are linear-time (recheck, loaded only when the config has
 * rules: it takes most of a second to load). Built-in rules are checked by a test instead.
 * A refused rule is a usage error naming the rule.
 */
export async function checkConfiguredRules(config: DetectorsConfig): Promise<void> {
  try {
    compiledRules(config);
    if (config.rules.length > 0) (await import('../../functions/detect/rules/linear-check.js')).assertLinearTime(config.rules);
  } catch (err) {
    if (err instanceof RuleError) throw new UsageError(err.message);
    throw err;
  }
}
