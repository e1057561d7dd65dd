import { rx } from '../../shared/safe-regex.js';
import type { Finding, FindingSeverity } from '../types.js';
import type { CompiledRule } from './compile.js';
import type { GroupState, Incident } from './state.js';

const RANK: Record<FindingSeverity, number> = { info: 1, warning: 2, critical: 3 };
const PLACEHOLDER = rx(/\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g);
const CONTROL = rx(/[\u0000-\u001f\u007f]/g);
const DIGITS = rx(/^[0-9]{1,15}$/);

export function worse(a: FindingSeverity | null, b: FindingSeverity): FindingSeverity {
  return a === null || RANK[b] > RANK[a] ? b : a;
}

/** The incident's severity: the worst of its reports, the newest judged with what was folded into it. */
export function severityOf(rule: CompiledRule, inc: Incident): FindingSeverity {
  return worse(inc.settled, rule.severityOf(inc.latestCaps));
}

/** The finding for the incident as it stands: same shape as every detector's (schemas/finding.schema.json). */
export function buildFinding(rule: CompiledRule, group: GroupState, inc: Incident): Finding {
  const spec = rule.spec;
  const details: Record<string, unknown> = {};
  for (const name of spec.details ?? []) {
    const v = inc.caps[name];
    if (v !== undefined) details[name] = DIGITS.test(v) ? Number(v) : v;
  }
  details.rule = rule.name;
  details.count = inc.count;
  if (inc.status === 'resolved') {
    details.resolved_by = inc.resolvedBy;
    if (inc.resolvedBy === 'quiet') details.quiet_seconds = spec.resolve?.quiet_seconds;
  }
  const values: Record<string, string> = {
    ...inc.caps,
    host: group.host ?? '?',
    cluster: group.cluster ?? '?',
    count: String(inc.count),
    first: inc.first,
    last: inc.last,
  };
  const summary = spec.summary.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '?').replace(CONTROL, ' ');
  return {
    finding_id: inc.id,
    type: spec.type,
    severity: severityOf(rule, inc),
    time: inc.first,
    time_end: inc.status === 'resolved' && inc.end !== null ? inc.end : inc.last,
    host: group.host,
    cluster: group.cluster,
    summary: summary.trim() === '' ? `${spec.type} (rule ${rule.name})` : summary,
    details,
    evidence: [...inc.evidence],
    remediation: spec.remediation,
    status: inc.status,
    last_seen: inc.last,
  };
}
