import type { FindingSeverity } from '../detect/types.js';

/** Higher is worse; a finding pages again only when its rank rises. */
export const SEVERITY_RANK: Record<FindingSeverity, number> = { info: 1, warning: 2, critical: 3 };
