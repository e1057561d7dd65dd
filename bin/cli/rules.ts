import { parseArgs } from 'node:util';
import { compileRule, RuleError } from '../../functions/detect/rules/compile.js';
import { rulesInEffect } from '../../functions/detect/rules/rule-set.js';
import { ConfigError, ConfigUnreadableError, loadConfigFile, readRulesFile } from '../../functions/shared/load-config.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { CliIo } from './run.js';

const HELP = `logsift rules [--config FILE] [--json]
  the detection rules in effect: built-in (minus detectors.disable_rules) and configured
logsift rules --check FILE
  checks a rules file ({"rules": [...]}): schema, regexes compile and are linear-time
  (docs/detectors/rules.md); exit 0 when every rule loads, 2 with the first refused rule`;

/** `logsift rules`: lists the rules in effect, or checks a rules file. Reads only. */
export async function runRulesCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, check: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      io.stdout.write(HELP + '\n');
      return 0;
    }
    const { assertLinearTime } = await import('../../functions/detect/rules/linear-check.js');
    if (values.check !== undefined) {
      const specs = readRulesFile(values.check);
      for (const s of specs) compileRule(s);
      assertLinearTime(specs);
      io.stdout.write(`${values.check}: ${specs.length} rule${specs.length === 1 ? '' : 's'} OK\n`);
      return 0;
    }
    const config = values.config !== undefined ? loadConfigFile(values.config) : DEFAULT_CONFIG;
    const rules = rulesInEffect(config.detectors);
    for (const r of rules) compileRule(r.spec);
    assertLinearTime(config.detectors.rules);
    for (const r of rules) {
      const row = { name: r.spec.name, type: r.spec.type, origin: r.origin, replaces_builtin: r.replaces, description: r.spec.description ?? '' };
      io.stdout.write(values.json ? JSON.stringify(row) + '\n' : `${row.name}\t${row.type}\t${row.origin}${row.replaces_builtin ? ' (replaces built-in)' : ''}\t${row.description}\n`);
    }
    return 0;
  } catch (err) {
    const unreadable = err instanceof ConfigUnreadableError;
    const known = err instanceof RuleError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(`logsift: ${known ? (err as Error).message.split('\n')[0] : `unexpected error: ${(err as Error).message}`}\n`);
    return unreadable || !known ? 1 : 2;
  }
}
