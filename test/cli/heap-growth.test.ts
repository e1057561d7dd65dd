import { describe, expect, it } from 'vitest';
import { heapGrowthFlag, RUN_HEAP_GROWING_PERCENT } from '../../bin/cli/heap-growth.js';

describe('heapGrowthFlag', () => {
  it("bounds run's old generation unless the user set the growth themselves", () => {
    expect(heapGrowthFlag(undefined, [])).toBe(`--heap-growing-percent=${RUN_HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag('--max-old-space-size=512', ['--enable-source-maps'])).toBe(`--heap-growing-percent=${RUN_HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag('--heap-growing-percent=20', [])).toBeNull();
    expect(heapGrowthFlag(undefined, ['--heap_growing_percent=200'])).toBeNull();
  });
});
