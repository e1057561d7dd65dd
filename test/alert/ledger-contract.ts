import { describe, expect, it } from 'vitest';
import type { AlertLedger } from '../../functions/alert/ledger.js';
import type { Finding, FindingSeverity } from '../../functions/detect/types.js';

let n = 0;
export function finding(severity: FindingSeverity = 'warning', id?: string): Finding {
  return {
    finding_id: id ?? (n++).toString(16).padStart(32, 'a'),
    type: 'oom_kill',
    severity,
    time: '2026-11-26T01:00:00.000000Z',
    time_end: '2026-11-26T01:00:01.000000Z',
    host: 'worker-1',
    cluster: 'prod',
    summary: 'java killed',
    details: {},
    evidence: ['0'.repeat(32)],
    remediation: 'raise the limit',
    status: 'open',
    last_seen: '2026-11-26T01:00:01.000000Z',
  };
}

/** The paging rules every AlertLedger keeps (memory in the unit project, DynamoDB in e2e). */
export function alertLedgerContract(name: string, fresh: () => Promise<AlertLedger>): void {
  describe(`${name} (AlertLedger contract)`, () => {
    it('lets a new finding page once; later versions at the same severity are suppressed', async () => {
      const ledger = await fresh();
      const f = finding('warning');
      expect(await ledger.claim(f, 'shard-1')).toBe(true);
      await ledger.markSent(f, 'shard-1');
      expect(await ledger.claim(f, 'shard-1')).toBe(false);
      expect(await ledger.claim(f, 'shard-2')).toBe(false);
      expect(await ledger.claim({ ...f, severity: 'info' }, 'shard-2')).toBe(false);
    });

    it('pages again when the severity rises', async () => {
      const ledger = await fresh();
      const f = finding('warning');
      expect(await ledger.claim(f, 'shard-1')).toBe(true);
      await ledger.markSent(f, 'shard-1');
      const worse = { ...f, severity: 'critical' as const };
      expect(await ledger.claim(worse, 'shard-2')).toBe(true);
      await ledger.markSent(worse, 'shard-2');
      expect(await ledger.claim(worse, 'shard-1')).toBe(false);
    });

    it('gives an unsent claim back to its owner only (a retry after a crash), never to another reporter', async () => {
      const ledger = await fresh();
      const f = finding('critical');
      expect(await ledger.claim(f, 'shard-1')).toBe(true);
      // crash: no markSent
      expect(await ledger.claim(f, 'shard-2')).toBe(false);
      expect(await ledger.claim(f, 'shard-1')).toBe(true);
      await ledger.markSent(f, 'shard-1');
      expect(await ledger.claim(f, 'shard-1')).toBe(false);
    });

    it('lets a resolved version page once more (its resolution), and only once', async () => {
      const ledger = await fresh();
      const f = finding('warning');
      expect(await ledger.claim(f, 'shard-1')).toBe(true);
      await ledger.markSent(f, 'shard-1');
      const resolved = { ...f, status: 'resolved' as const, time_end: '2026-11-26T02:00:00.000000Z' };
      expect(await ledger.claim(resolved, 'shard-2')).toBe(true);
      await ledger.markSent(resolved, 'shard-2');
      expect(await ledger.claim(resolved, 'shard-1')).toBe(false);
      expect(await ledger.claim(resolved, 'shard-2')).toBe(false);
      expect(await ledger.claim(f, 'shard-3')).toBe(false);
    });
  });
}
