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

  it('on a terminal too narrow for the summaries, puts each below its row, wrapped and whole', () => {
    const long = { ...findings[0], summary: 'etcd leader changed 4 times in 15 min; suspected cause: disk I/O: slow fdatasync and journald flush on hosts cp-1' };
    const lines = renderFindings([long, findings[1]], 70).trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(70);
    expect(lines).toEqual([
      'severity  type               time                  host/cluster',
      '────────  ─────────────────  ────────────────────  ────────────',
      'critical  etcd_leader_churn  2026-11-26T01:21:00Z  cluster prod',
      '    etcd leader changed 4 times in 15 min; suspected cause: disk I/O:',
      '    slow fdatasync and journald flush on hosts cp-1',
      'warning   oom_kill           2026-11-26T01:22:03Z  cp-1',
      '    OOM kill of java (pid 23817)',
    ]);
  });

  it('names host and cluster as far as known', () => {
    expect(where('cp-1', 'prod')).toBe('cp-1 (prod)');
    expect(where(null, null)).toBe('-');
    expect(shortTime('not a time')).toBe('not a time');
  });

  it('then says what to do about warning and critical findings, each remediation once, wrapped', () => {
    const fix = 'Raise the memory limit or fix the leak.';
    const text = renderFindings(
      [
        { ...findings[0], severity: 'info', remediation: 'nothing to do for info findings' },
        { ...findings[1], remediation: fix },
        { ...findings[1], host: 'cp-2', remediation: fix },
        { ...findings[1], host: 'cp-3', severity: 'critical', type: 'cert_expired', remediation: 'Renew the certificate. '.repeat(6).trim() },
      ],
      60,
    );
    const after = text.slice(text.indexOf('\nWhat to do:\n'));
    expect(after).toBe(
      [
        '',
        'What to do:',
        '- oom_kill on cp-1, cp-2 (2 findings): Raise the memory',
        '  limit or fix the leak.',
        '- cert_expired on cp-3: Renew the certificate. Renew the',
        '  certificate. Renew the certificate. Renew the certificate.',
        '  Renew the certificate. Renew the certificate.',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('nothing to do');
  });

  it('has no "What to do" when only info findings (or none with a remediation) are listed', () => {
    expect(renderFindings(findings)).not.toContain('What to do');
  });
});
