import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressLine, REDRAW_MS } from '../../bin/cli/progress.js';

function fakeStream(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('progress bar', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const { stream, text } = fakeStream(false);
    const p = createProgress(stream, 1000, () => 0);
    p.update(500, 10);
    p.done();
    expect(text()).toBe('');
  });

  it('draws bytes, rate and ETA in place on a terminal, at most once per interval, and clears itself', () => {
    const { stream, text } = fakeStream(true);
    let t = 0;
    const p = createProgress(stream, 10_000_000, () => t);
    t = 2000;
    p.update(2_500_000, 50_000);
    t = 2000 + REDRAW_MS / 2;
    p.update(3_000_000, 60_000); // too soon: skipped
    const draws = text().split('\r\x1b[2K').filter((s) => s.length > 0);
    expect(draws).toEqual(['[#####---------------]  25%  2.5 MB / 10.0 MB  25k records/s  ETA 0:06']);
    t = 2000 + REDRAW_MS;
    p.update(3_000_000, 60_000);
    p.done();
    expect(text().endsWith('\r\x1b[2K')).toBe(true);
    expect(text().split('\r\x1b[2K').filter((s) => s.length > 0)).toHaveLength(2);
  });

  it('never draws wider than the terminal', () => {
    const { stream, text } = fakeStream(true);
    stream.columns = 30;
    const p = createProgress(stream, 10_000_000, () => 1000);
    p.update(1, 1);
    expect(text().replace('\r\x1b[2K', '').length).toBe(29);
  });

  it('shows bytes and rate without a bar or ETA when the size is unknown (stdin)', () => {
    expect(progressLine(12_300_000, null, 4000, 2)).toBe('12.3 MB  4000 records  2000 records/s');
  });

  it('says 100% and no ETA at the end, and h:mm:ss for long runs', () => {
    expect(progressLine(10, 10, 1, 1)).toMatch(/\[#{20}\] 100% .* ETA --:--$/);
    expect(progressLine(1_000_000, 10_000_000_000, 1, 1)).toMatch(/ETA 2:46:39$/);
  });

  it('done() writes nothing when nothing was drawn', () => {
    const { stream, text } = fakeStream(true);
    createProgress(stream, 10, () => 0).done();
    expect(text()).toBe('');
  });
});
