import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../../functions/detect/rules/candidates.js';
import { compileRule } from '../../../functions/detect/rules/compile.js';
import type { RuleSpec } from '../../../functions/detect/rules/spec.js';
import { recordFromMessage } from '../../support/records.js';

function rule(name: string, extra: Partial<RuleSpec>): RuleSpec {
  return { name, type: name.replace(/-/g, '_'), match: 'never matched', severity: 'warning', summary: name, remediation: 'none', ...extra };
}

const RULES = [
  rule('kern-disk', { select: { facility: ['kern'] }, match: 'disk (?<dev>\\w+) failed', resolve: { match: 'disk \\w+ recovered' } }),
  rule('systemd-restart', { select: { app: ['systemd'] }, match: '^Started (?<what>.+)' }),
  rule('anywhere', { match: 'Out Of Space', match_flags: 'i' }),
  rule('kern-fold', { select: { facility: ['kern'] }, match: 'Oops here', fold: { continue: '^ ' } }),
  rule('no-literal', { match: '^\\d+$' }),
].map(compileRule);

const kern = (message: string) => recordFromMessage(message, { app: 'kernel', facility_received: 0 });
const systemd = (message: string) => recordFromMessage(message, { app: 'systemd', facility_received: 3 });

describe('CandidateIndex', () => {
  it('lists, in rule order, only the rules whose select passes; the same fields give the same answer', () => {
    const index = new CandidateIndex(RULES);
    expect(index.of(kern('x')).all).toEqual([0, 2, 3, 4]);
    expect(index.of(systemd('x')).all).toEqual([1, 2, 4]);
    expect(index.of(kern('other text'))).toBe(index.of(kern('x')));
  });

  it('gates on every candidate literal, match and recover, lower-cased for rules that ignore case', () => {
    const c = new CandidateIndex(RULES).of(kern('x'));
    expect(c.literals?.test('disk sda failed')).toBe(true);
    expect(c.literals?.test('[1.0] disk sda recovered')).toBe(true); // resolve.match's literal
    expect(c.literals?.test('all quiet')).toBe(false);
    expect(c.lowerLiterals?.test('out of space')).toBe(true);
    expect(c.lowerLiterals?.test('OUT OF SPACE')).toBe(false); // tested against the lower-cased message
    // A fold (continuation lines carry no literal) and a regex without a prefilter run regardless.
    expect(c.unfiltered).toEqual([3, 4]);
  });

  it('escapes regex syntax in literals', () => {
    const c = new CandidateIndex([compileRule(rule('dots', { match: 'a\\.b\\(c\\) done' }))]).of(kern('x'));
    expect(c.literals?.test('a.b(c) done')).toBe(true);
    expect(c.literals?.test('axb(c) done')).toBe(false);
  });

  it('keeps answering correctly after more distinct field values than it caches', () => {
    const index = new CandidateIndex(RULES);
    for (let i = 0; i < 5000; i++) expect(index.of(recordFromMessage('x', { app: `app-${i}`, facility_received: 1 })).all).toEqual([2, 4]);
    expect(index.of(systemd('x')).all).toEqual([1, 2, 4]);
    expect(index.of(kern('x')).all).toEqual([0, 2, 3, 4]);
  });

  it('answers as the rules\' own selects do, whatever the fields (property, against rule.selects)', () => {
    const many = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
    const rules = [
      ...RULES.map((r) => r.spec),
      rule('many-apps', { select: { app: many }, match: 'boom' }),
      rule('warn-kern', { select: { facility: ['kern', 'daemon'], severity_at_most: 'warning' }, match: 'hot' }),
      rule('unit-journal', { select: { unit: ['a.service'], transport: ['journal'] }, match: 'x y z' }),
    ].map(compileRule);
    const index = new CandidateIndex(rules);
    const app = fc.constantFrom(null, 'systemd', 'kernel', 'svc-0', 'svc-7', 'svc-11', 'svc-12', 'other');
    fc.assert(
      fc.property(app, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 7 }), fc.constantFrom(null, 'a.service', 'b.service'), fc.constantFrom('journal', 'syslog', 'kernel'), (a, facility, severity, unit, transport) => {
        const r = recordFromMessage('x', { app: a, facility_received: facility, severity_received: severity, unit, transport });
        const expected = rules.flatMap((ru, i) => (ru.selects(r) ? [i] : []));
        // A fresh string, as parsing makes: classes compare by value.
        expect(index.of(r).all).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
