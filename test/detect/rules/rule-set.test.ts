import { describe, expect, it, vi } from 'vitest';

// Two stand-in built-ins, so replacing and disabling can be tested whatever the real files hold.
vi.mock('../../../functions/detect/rules/builtin/index.js', () => {
  const rule = (name: string) => ({ name, type: 'x', match: name, severity: 'info', summary: name, remediation: 'r' });
  return { BUILTIN_RULE_FILES: { 'a.rules.json': { rules: [rule('builtin-one'), rule('builtin-two')] } } };
});

const { rulesInEffect } = await import('../../../functions/detect/rules/rule-set.js');

describe('rules in effect', () => {
  const mine = { name: 'builtin-two', type: 'mine', match: 'mine', severity: 'warning' as const, summary: 's', remediation: 'r' };
  const extra = { ...mine, name: 'my-own' };

  it('a configured rule replaces the built-in of the same name; others are added after the built-ins', () => {
    const r = rulesInEffect({ rules: [extra, mine], disable_rules: [] });
    expect(r.map((x) => [x.spec.name, x.origin, x.replaces, x.spec.type])).toEqual([
      ['builtin-one', 'builtin:a.rules.json', false, 'x'],
      ['builtin-two', 'config', true, 'mine'],
      ['my-own', 'config', false, 'mine'],
    ]);
  });

  it('disable_rules turns built-ins off and refuses a name no built-in has', () => {
    expect(rulesInEffect({ rules: [], disable_rules: ['builtin-one'] }).map((x) => x.spec.name)).toEqual(['builtin-two']);
    expect(() => rulesInEffect({ rules: [], disable_rules: ['typo'] })).toThrow(/no built-in rule is named "typo"/);
  });

  it('refuses two configured rules of one name, and a rule the schema refuses, naming it', () => {
    expect(() => rulesInEffect({ rules: [extra, extra], disable_rules: [] })).toThrow(/rule "my-own": defined twice/);
    expect(() => rulesInEffect({ rules: [{ ...extra, name: 'Bad Name' }], disable_rules: [] })).toThrow(/rule "Bad Name" \(config\): \/name must match pattern/);
  });
});
