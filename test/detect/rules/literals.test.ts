import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requiredLiterals } from '../../../functions/detect/rules/literals.js';

describe('requiredLiterals (the rule prefilter)', () => {
  it('finds the longest literal run every match must contain, per top-level alternative', () => {
    expect(requiredLiterals('INFO: task (?<task>[^\\s:]{1,64}):(?<pid>\\d{1,10}) blocked for more than (?<s>\\d{1,10}) seconds', false)).toEqual([' blocked for more than ']);
    expect(requiredLiterals('nf_conntrack: table full, dropping packet', false)).toEqual(['nf_conntrack: table full, dropping packet']);
    expect(requiredLiterals('martian source|martian destination', false)).toEqual(['martian source', 'martian destination']);
    expect(requiredLiterals('EXT4-fs error \\(device (?<dev>\\w{1,32})\\)', false)).toEqual(['EXT4-fs error (device ']);
    expect(requiredLiterals('Kernel Panic', true)).toEqual(['kernel panic']);
  });

  it('drops characters a quantifier makes optional or repeated', () => {
    expect(requiredLiterals('colou?r scheme', false)).toEqual(['r scheme']);
    expect(requiredLiterals('abcx*defgh', false)).toEqual(['defgh']);
    expect(requiredLiterals('abcd{2,3}efg', false)).toEqual(['abc']);
  });

  it('gives no prefilter when an alternative has no literal, or the pattern is beyond it', () => {
    expect(requiredLiterals('foo bar|\\d{1,3}', false)).toBeNull();
    expect(requiredLiterals('^\\s', false)).toBeNull();
    expect(requiredLiterals('(?:task|proc) hung', false)).toEqual([' hung']);
    expect(requiredLiterals('\\p{L}{2}xyz', false)).toBeNull();
    expect(requiredLiterals('(?=abcd)x', false)).toBeNull();
  });

  it('uses a group that must match when it filters better than any literal run', () => {
    expect(requiredLiterals('^(?:\\[ {0,12}\\d{1,12}\\] )?(?<kind>BUG: unable to handle|general protection fault|Kernel panic)', false)).toEqual([
      'BUG: unable to handle',
      'general protection fault',
      'Kernel panic',
    ]);
    expect(requiredLiterals('x(?:ab|cd)?yz', false)).toBeNull();
  });

  it('is sound: whenever the regex matches, the text holds one of the literals', () => {
    const patterns = ['ab(c|d)?ef|xyz', 'a+bcd', 'q(?:rs)*tuv|w{1,2}xyz', 'ab\\.cd|e[fg]hij', 'k?lmn?op', '(?:abcd|bcde)x+|(?<n>fgh|ijk)+', 'x(?:abc|d(?:efg|hij))'];
    const text = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz.'.split('')), maxLength: 30 });
    for (const p of patterns) {
      const lits = requiredLiterals(p, false);
      const re = new RegExp(p);
      fc.assert(
        fc.property(text, fc.constantFrom(...p.replace(/[^a-z]/g, '').match(/.{1,4}/g)!), (t, seed) => {
          const s = t + seed + p.replace(/[\\()?*+|{}\[\]:,0-9]/g, '') + t;
          if (lits !== null && re.test(s)) expect(lits.some((l) => s.includes(l)), `${p} on ${s}`).toBe(true);
        }),
      );
    }
  });
});
