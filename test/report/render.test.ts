import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/detect/types.js';
import { findingCharts } from '../../functions/report/charts/finding-charts.js';
import { html, jsonInScript } from '../../functions/report/escape.js';
import { EVIDENCE_ROWS, renderFindingDocument, renderReport } from '../../functions/report/render-html.js';
import type { EvidenceRecord, FindingPage } from '../../functions/report/report-data.js';
import { UPLOT_CSS, UPLOT_JS } from '../../functions/report/vendor/uplot.js';

const HOSTILE = `</script><script>alert("x")</script><img src=x onerror='alert(1)'> & \uD800 \u0007`;

function finding(over: Partial<Finding> & Record<string, unknown> = {}): Finding {
  return {
    finding_id: '0123456789abcdef0123456789abcdef',
    type: 'oom_kill',
    severity: 'warning',
    time: '2026-11-26T02:00:00.000000Z',
    time_end: '2026-11-26T02:00:01.000000Z',
    host: 'h1',
    cluster: null,
    summary: 'a summary',
    details: {},
    evidence: ['e0'],
    remediation: 'do this',
    ...over,
  } as Finding;
}

function record(i: number, over: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return { event_id: `e${i}`, time: `2026-11-26T02:00:${String(i % 60).padStart(2, '0')}.000000Z`, host: 'h1', app: 'kernel', severity_name: 'err', message: `line ${i}`, message_encoding: null, ...over };
}

/** The page's <script> elements: uPlot, the page script, and one JSON block per chart. */
function scripts(page: string): string[] {
  return [...page.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
}

describe('report escaping', () => {
  it('html() escapes markup, quotes, controls and lone surrogates', () => {
    expect(html(HOSTILE)).toBe(
      '&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; \uFFFD \\x07',
    );
  });

  it('jsonInScript() cannot close its element and parses back to the value', () => {
    const text = jsonInScript({ note: HOSTILE, sep: '\u2028' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ note: HOSTILE.replace('\uD800', '\uFFFD'), sep: '\u2028' });
  });

  it('hostile text in every field of a finding and its evidence stays text: no element but the page its own', () => {
    const f = finding({
      type: 'task_hung' as Finding['type'],
      host: HOSTILE,
      cluster: HOSTILE,
      summary: HOSTILE,
      remediation: HOSTILE,
      details: { suspected_cause: HOSTILE, [HOSTILE]: HOSTILE },
      evidence: ['e0', 'e1'],
    });
    const evidence = [record(0, { host: HOSTILE, app: HOSTILE, message: HOSTILE, severity_name: HOSTILE }), record(1, { message_encoding: 'c-escaped', message: 'bad \\xff byte' })];
    const page = renderReport({ title: HOSTILE, generatedAt: '2026-11-26T03:00:00.000Z', source: HOSTILE, overview: null, findings: [{ finding: f, evidence, missing: 0 }] });
    // The JSON of the one chart, uPlot and the page's script: nothing else opens a script.
    expect(scripts(page)).toEqual(['<script type="application/json">', '<script>', '<script>']);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('\uD800');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)');
    expect(page).toContain('(c-escaped)');
  });
});

describe('report content', () => {
  it('orders findings most severe first, then newest, each section with its finding_id as element id', () => {
    const a = finding({ finding_id: 'a'.repeat(32), severity: 'info', time_end: '2026-11-26T05:00:00.000000Z' });
    const b = finding({ finding_id: 'b'.repeat(32), severity: 'critical', time_end: '2026-11-26T01:00:00.000000Z' });
    const c = finding({ finding_id: 'c'.repeat(32), severity: 'critical', time_end: '2026-11-26T02:00:00.000000Z' });
    const page = renderReport({ title: 't', generatedAt: '2026-11-26T03:00:00.000Z', source: 's', overview: null, findings: [a, b, c].map((f) => ({ finding: f, evidence: [record(0)], missing: 0 })) });
    const ids = [...page.matchAll(/<section class="finding[^"]*" id="([0-9a-f]{32})"/g)].map((m) => m[1]);
    expect(ids).toEqual(['c'.repeat(32), 'b'.repeat(32), 'a'.repeat(32)]);
  });

  it(`shows at most ${EVIDENCE_ROWS} evidence records and counts what it left out and what was not found`, () => {
    const evidence = Array.from({ length: EVIDENCE_ROWS + 7 }, (_, i) => record(i));
    const f = finding({ evidence: [...evidence.map((r) => r.event_id), 'gone1', 'gone2'] });
    const page = renderFindingDocument({ finding: f, evidence, missing: 2, missingWhere: 'arrived in earlier batches' }, '2026-11-26T03:00:00.000Z', 'test');
    expect(page.match(/<td class="msg">/g)).toHaveLength(EVIDENCE_ROWS);
    expect(page).toContain(`7 more evidence records not shown; 2 of the finding&#39;s ${EVIDENCE_ROWS + 9} evidence records arrived in earlier batches.`);
  });

  it('charts any finding type: a type it does not know gets its evidence by host and app', () => {
    const f = finding({ type: 'io_error' as Finding['type'], evidence: ['e0', 'e1', 'e2'] });
    const [chart, ...rest] = findingCharts(f, [record(0, { host: 'b' }), record(1, { host: 'a', app: 'kubelet' }), record(2, { host: 'b' })]);
    expect(rest).toEqual([]);
    expect(chart.y).toEqual({ kind: 'lanes', lanes: ['a', 'b'] });
    expect(chart.series.map((s) => [s.label, s.points.map((p) => p[1])])).toEqual([
      ['kernel', [1, 1]],
      ['kubelet', [0]],
    ]);
  });

  it('marks the OOM kill with the memory figures the kernel printed', () => {
    const f = finding({ details: { anon_rss_kb: 2079116, memcg_limit_kb: 2097152, victim_comm: 'java', victim_pid: 1 } });
    const [chart] = findingCharts(f, [
      record(0, { message: 'memory: usage 2097152kB, limit 2097152kB, failcnt 1842' }),
      record(1, { message: 'Memory cgroup out of memory: Killed process 23817 (java) total-vm:5128464kB' }),
    ]);
    const kill = chart.series.find((s) => s.label === 'kill')!;
    expect(kill.points).toHaveLength(1);
    expect(kill.points[0][2]).toContain('anon-rss 2,079,116 kB (1.98 GiB), memcg limit 2,097,152 kB (2.00 GiB)');
  });
});

describe('vendored uPlot', () => {
  it('is the installed uplot package, byte for byte (regenerate with node bin/vendor-uplot.js)', () => {
    const require = createRequire(import.meta.url);
    expect(UPLOT_JS).toBe(readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8').trim());
    expect(UPLOT_CSS).toBe(readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8').trim());
  });

  it('cannot end its inline <script> or <style> early', () => {
    expect(UPLOT_JS).not.toMatch(/<\/script|<!--/i);
    expect(UPLOT_CSS).not.toMatch(/<\/style/i);
  });
});
