import { describe, expect, it } from 'vitest';
import { fitCell, renderTable, wrapWords } from '../../bin/cli/table.js';

describe('renderTable', () => {
  it('aligns columns under their headers with a rule, no trailing blanks', () => {
    const text = renderTable(['type', 'n'], [['oom_kill', '3'], ['cert_expired', '12']], { align: ['left', 'right'] });
    expect(text).toBe(
      ['type           n', '────────────  ──', 'oom_kill       3', 'cert_expired  12', ''].join('\n'),
    );
  });

  it('fits the width by shrinking the widest column and marks the cut with …', () => {
    const long = 'x'.repeat(100);
    const text = renderTable(['host', 'message'], [['cp-1', long]], { width: 40 });
    const lines = text.trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines[2]).toBe('cp-1  ' + 'x'.repeat(33) + '…');
  });

  it('cuts a long cell at maxCell even without a width', () => {
    const text = renderTable(['m'], [['abcdefghij']], { maxCell: 5 });
    expect(text.split('\n')[2]).toBe('abcd…');
  });

  it('keeps columns at least a few characters wide when the terminal is very narrow', () => {
    const text = renderTable(['severity', 'summary'], [['critical', 'y'.repeat(50)]], { width: 5 });
    expect(text.split('\n')[2]).toBe('criti…  yyyyy…');
  });
});

describe('fitCell', () => {
  it('makes control characters visible so log text cannot drive the terminal', () => {
    expect(fitCell('a\tb\nc\r\nd\x1b[2Je\x9b', 50)).toBe('a b↵c↵d\uFFFD[2Je\uFFFD');
  });

  it('never splits a surrogate pair when cutting', () => {
    expect(fitCell('ab😀cd', 4)).toBe('ab…');
    expect(fitCell('ab😀', 4)).toBe('ab😀');
  });

  it('reads only what it keeps of a huge value', () => {
    const huge = 'z'.repeat(10_000_000);
    expect(fitCell(huge, 10)).toBe('zzzzzzzzz…');
  });
});

describe('wrapping cells', () => {
  it('continues a wrapped cell on the next lines, other columns blank', () => {
    const text = renderTable(['id', 'text'], [['1', 'one two three four'], ['2', 'x']], { width: 13, wrap: [false, true] });
    expect(text).toBe(['id  text', '──  ─────────', '1   one two', '    three', '    four', '2   x', ''].join('\n'));
  });

  it('splits a word longer than the column', () => {
    expect(wrapWords('ab ' + 'c'.repeat(7) + ' d', 3)).toEqual(['ab', 'ccc', 'ccc', 'c d']);
    expect(wrapWords('', 5)).toEqual(['']);
  });
});
