import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeErrors, validateFinding } from '../../functions/shared/schemas.js';
import { USER_LINES, USER_RULE } from '../support/user-rule.js';
import { cli } from './run-cli.js';

const RT = ['--received-time', '2026-11-26T02:00:00Z'];
const scratch = mkdtempSync(join(tmpdir(), 'logsift-rules-cli-'));


function write(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('user rules in the CLI', () => {
  it('logsift detect: a rule in --config finds its incident, resolved by its recovery line', async () => {
    const config = write('inline.json', { detectors: { rules: [USER_RULE] } });
    const r = await cli(['detect', ...RT, '--config', config, write('pay.log', USER_LINES)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1);
    const f = r.lines[0];
    expect(validateFinding(f), describeErrors(validateFinding.errors)).toBe(true);
    expect(f).toMatchObject({
      type: 'payments_failing',
      severity: 'critical',
      host: 'shop-1',
      status: 'resolved',
      time: '2026-11-26T01:00:00.000000Z',
      last_seen: '2026-11-26T01:00:20.000000Z',
      time_end: '2026-11-26T01:02:00.000000Z',
      summary: 'payments failing on shop-1 (2 orders, first 1001: gateway timeout)',
      details: { rule: 'payments-failing', count: 2, order: 1001, reason: 'gateway timeout', resolved_by: 'recovery_line' },
    });
    expect(f.evidence).toHaveLength(3);
  });

  it('logsift detect: rules_files are read relative to the config file', async () => {
    write('payments.rules.json', { rules: [USER_RULE] });
    const config = write('with-file.json', { detectors: { rules_files: ['payments.rules.json'] } });
    const r = await cli(['detect', ...RT, '--config', config, write('pay2.log', USER_LINES)]);
    expect(r.code).toBe(0);
    expect(r.lines.map((f) => f.type)).toEqual(['payments_failing']);
  });

  it('logsift run: the rule works into a store, and its incident is in the run summary', async () => {
    const config = write('run.json', { detectors: { rules: [USER_RULE] } });
    const store = join(scratch, 'store');
    const r = await cli(['run', ...RT, '--config', config, '--store', store, '--json', write('pay3.log', USER_LINES)]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.findings.map((f: any) => [f.type, f.host, f.status])).toEqual([['payments_failing', 'shop-1', 'resolved']]);
  });

  it('logsift rules lists the rules in effect and --check checks a rules file', async () => {
    const config = write('list.json', { detectors: { rules: [USER_RULE] } });
    const list = await cli(['rules', '--config', config, '--json']);
    expect(list.code).toBe(0);
    expect(list.lines.filter((r) => r.origin === 'config')).toEqual([
      { name: 'payments-failing', type: 'payments_failing', origin: 'config', replaces_builtin: false, description: 'The payments service fails orders' },
    ]);
    const ok = await cli(['rules', '--check', write('ok.rules.json', { rules: [USER_RULE] })]);
    expect([ok.code, ok.stdout]).toEqual([0, `${join(scratch, 'ok.rules.json')}: 1 rule OK\n`]);
    const bad = await cli(['rules', '--check', write('bad.rules.json', { rules: [{ ...USER_RULE, name: 'slow', match: '(x+x+)+y' }] })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^logsift: rule "slow": match .* is refused/);
  });

  it('refuses a rule whose regex is not linear-time, naming the rule (exit 2)', async () => {
    const bad = { ...USER_RULE, name: 'slow-rule', match: '^(a+)+$' };
    const config = write('bad.json', { detectors: { rules: [bad] } });
    const r = await cli(['detect', ...RT, '--config', config, write('x.log', 'a\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logsift: rule "slow-rule": match \/\^\(a\+\)\+\$\/ is refused: it can take exponential time/);
  });

  it('refuses a rule that breaks the schema or names a group it lacks, naming the rule', async () => {
    const schema = write('schema.json', { detectors: { rules: [{ ...USER_RULE, name: 'no-summary', summary: undefined, threshold: { count: 0 } }] } });
    const r1 = await cli(['detect', ...RT, '--config', schema, write('y.log', 'a\n')]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/rules\/0 \(rule "no-summary"\)/);
    const group = write('group.json', { detectors: { rules: [{ ...USER_RULE, name: 'bad-group', group_by: ['capture:device'] }] } });
    const r2 = await cli(['detect', ...RT, '--config', group, write('z.log', 'a\n')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/^logsift: rule "bad-group": group_by capture:device names no group/);
    const disable = write('disable.json', { detectors: { disable_rules: ['no-such-rule'] } });
    const r3 = await cli(['detect', ...RT, '--config', disable, write('w.log', 'a\n')]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/disable_rules: no built-in rule is named "no-such-rule"/);
  });
});
