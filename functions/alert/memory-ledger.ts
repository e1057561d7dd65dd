import type { Finding } from '../detect/types.js';
import { ledgerKey, type AlertLedger } from './ledger.js';
import { SEVERITY_RANK } from './severity.js';

/** The AlertLedger in memory, same rules as the DynamoDB one (CLI, tests, benchmark). */
export class MemoryAlertLedger implements AlertLedger {
  private readonly items = new Map<string, { rank: number; pending: boolean; owner: string }>();

  async claim(f: Finding, owner: string): Promise<boolean> {
    const rank = SEVERITY_RANK[f.severity];
    const cur = this.items.get(ledgerKey(f));
    if (cur !== undefined && !(cur.rank < rank) && !(cur.pending && cur.owner === owner)) return false;
    this.items.set(ledgerKey(f), { rank, pending: true, owner });
    return true;
  }

  async markSent(f: Finding, owner: string): Promise<void> {
    const cur = this.items.get(ledgerKey(f));
    if (cur !== undefined && cur.owner === owner && cur.rank === SEVERITY_RANK[f.severity]) cur.pending = false;
  }
}
