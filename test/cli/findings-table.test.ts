import { describe, expect, it } from 'vitest';
import { renderFindings, shortTime, where } from '../../bin/cli/findings-table.js';

describe('findings table', () => {
  const findings = [
    { severity: 'critical', type: 'etcd_leader_churn', time: '2026-11-26T01:21:00.000000Z', host: null, cluster: 'prod', summary: 'etcd leader changed 4 times in 15 min' },
    { severity: 'warning', type: 'oom_kill', time: '2026-11-26T01:22:03.123456Z', host: 'cp-1', cluster: null, summary: 'OOM kill of java (pid 23817)' },
  ];

  it('shows severity, type, time to the second, where, and summary, one line each', () => {
    expect(renderFindings(findings)).toBe(
      [
        'severity  type               time                  host/cluster  summary',
        '────────  ─────────────────  ────────────────────  ────────────  ─────────────────────────────────────',
        'critical  etcd_leader_churn  2026-11-26T01:21:00Z  cluster prod  etcd leader changed 4 times in 15 min',
        'warning   oom_kill           2026-11-26T01:22:03Z  cp-1          OOM kill of java (pid 23817)',
        '',
      ].join('\n'),
    );
  });

  it('cuts the summary, not the other columns, to fit a terminal', () => {
    const lines = renderFindings(findings, 80).trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines[2]).toMatch(/^critical  etcd_leader_churn  2026-11-26T01:21:00Z  cluster prod  etcd leader ch…$/);
  });

  it('names host and cluster as far as known', () => {
    expect(where('cp-1', 'prod')).toBe('cp-1 (prod)');
    expect(where(null, null)).toBe('-');
    expect(shortTime('not a time')).toBe('not a time');
  });
});
