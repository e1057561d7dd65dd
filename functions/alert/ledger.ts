import type { Finding } from '../detect/types.js';

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
