import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignedWindows, literalsRegex } from '../../functions/shared/literal-windows.js';

describe('literalsRegex', () => {
  it('matches every text that holds one of the literals, wherever it is (property)', () => {
    const literal = fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(...'ab :.(|)[]*+?\\/$^{}-_EOTx2'.split('')) });
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 20 }), fc.nat(), fc.string(), fc.string(), (literals, pick, before, after) => {
        const re = literalsRegex(literals)!;
        expect(re.test(before + literals[pick % literals.length] + after)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is null for no literals, and rejects text holding none of them', () => {
    expect(literalsRegex([])).toBeNull();
    const re = literalsRegex(['Image garbage collection failed', 'OCI runtime start failed', 'NodeHasNoDiskPressure'])!;
    expect(re.test('kubelet: Image garbage collection failed once')).toBe(true);
    expect(re.test('backend reset ready upstream miss pool timeout request latency retry connection healthy')).toBe(false);
  });

  it('escapes regex syntax', () => {
    const re = literalsRegex(['a.b', 'x|y'])!;
    expect(re.test('a.b')).toBe(true);
    expect(re.test('x|y')).toBe(true);
    expect(re.test('axb')).toBe(false);
    expect(re.test('x')).toBe(false);
  });
});

describe('alignedWindows', () => {
  it('takes one window of each literal, all of one length, sharing few characters at one offset', () => {
    const literals = ['Error trying v2 registry: failed to register layer', 'failed to extract layer', '" bucket: not found', 'returned error: readlink '];
    const windows = alignedWindows(literals, 4);
    expect(windows.every((w, i) => w.length === 4 && literals[i].includes(w))).toBe(true);
    const atSomeOffset = [0, 1, 2, 3].map((at) => new Set(windows.map((w) => w[at])).size);
    expect(Math.min(...atSomeOffset)).toBeLessThanOrEqual(2);
  });

  it('keeps literals shorter than the window whole, and the others as long as the shortest', () => {
    const [short, other] = alignedWindows(['oom', 'Task in '], 4);
    expect(short).toBe('oom');
    expect(other).toHaveLength(3);
    expect('Task in '.includes(other)).toBe(true);
  });
});
