import type { Finding } from '../detect/types.js';

/**
 * The ledger item of a page: the finding id for the incident's page, `<id>:resolved` for its
 * resolution, so an incident pages once when it opens (again if its severity rises) and once
 * when it is resolved.
 */
export function ledgerKey(f: Finding): string {
  return f.status === 'resolved' ? `${f.finding_id}:resolved` : f.finding_id;
}

/**
 * Who has paged which finding, at which severity. A page is claimed before it is published and
 * marked sent after, so a crash in between (the claim is `pending` and names its owner) is
 * published again by the owner's retry, while every other reporter of the same finding is
 * suppressed: no page is lost; only a crash after SNS accepted it and before `markSent` can
 * page twice.
 */
export interface AlertLedger {
  /** True when this owner should publish now: a new finding, a rise in severity, or its own unfinished page. */
  claim(finding: Finding, owner: string): Promise<boolean>;
  /** The page went out. */
  markSent(finding: Finding, owner: string): Promise<void>;
}
