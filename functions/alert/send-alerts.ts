import type { Finding } from '../detect/types.js';
import { formatAlert, type FindingPageLink } from './format-alert.js';
import type { AlertLedger } from './ledger.js';
import type { AlertPublisher } from './publisher.js';
import { SEVERITY_RANK } from './severity.js';

/** Info findings (a single etcd leader change) are archived, not paged; a later rise to warning pages. */
export const PAGE_MIN_SEVERITY = 'warning';

export interface AlertOutcome {
  sent: Finding[];
  suppressed: Finding[];
}

/**
 * Pages each finding of warning or higher at most once per severity, and its resolution once (ledgerKey): claim in the ledger, publish, mark sent. The
 * last step of a batch, after the findings are archived and the state is committed. A publish
 * that fails throws, leaving the claim pending for this owner's retry. `pageOf` names the
 * finding's HTML page in the alert.
 */
export async function sendAlerts(
  findings: readonly Finding[],
  ledger: AlertLedger,
  publisher: AlertPublisher,
  owner: string,
  pageOf?: (f: Finding) => FindingPageLink,
): Promise<AlertOutcome> {
  const out: AlertOutcome = { sent: [], suppressed: [] };
  for (const f of findings) {
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[PAGE_MIN_SEVERITY]) continue;
    if (!(await ledger.claim(f, owner))) {
      out.suppressed.push(f);
      continue;
    }
    await publisher.publish(formatAlert(f, pageOf?.(f)));
    await ledger.markSent(f, owner);
    out.sent.push(f);
  }
  return out;
}
