import type { Finding } from '../detect/types.js';
import { formatAlert } from './format-alert.js';
import type { AlertLedger } from './ledger.js';
import type { AlertPublisher } from './publisher.js';

export interface AlertOutcome {
  sent: Finding[];
  suppressed: Finding[];
}

/**
 * Pages each finding at most once per severity: claim in the ledger, publish, mark sent. The
 * last step of a batch, after the findings are archived and the state is committed. A publish
 * that fails throws, leaving the claim pending for this owner's retry.
 */
export async function sendAlerts(findings: readonly Finding[], ledger: AlertLedger, publisher: AlertPublisher, owner: string): Promise<AlertOutcome> {
  const out: AlertOutcome = { sent: [], suppressed: [] };
  for (const f of findings) {
    if (!(await ledger.claim(f, owner))) {
      out.suppressed.push(f);
      continue;
    }
    await publisher.publish(formatAlert(f));
    await ledger.markSent(f, owner);
    out.sent.push(f);
  }
  return out;
}
