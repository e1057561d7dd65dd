/**
 * A detection rule as written (schemas/rule.schema.json is the source of truth; this mirrors it).
 * docs/detectors/rules.md explains each key.
 */
export type RuleSeverity = 'critical' | 'warning' | 'info';

export type SyslogSeverityName = 'emerg' | 'alert' | 'crit' | 'err' | 'warning' | 'notice' | 'info' | 'debug';

export interface RuleSelect {
  transport?: string[];
  app?: string[];
  unit?: string[];
  facility?: string[];
  severity_at_most?: SyslogSeverityName;
  source_format?: string[];
}

export interface RuleFold {
  continue: string;
  until?: string;
  max_lines?: number;
  max_gap_seconds?: number;
  capture?: string[];
}

export interface RuleSeverityMap {
  capture: string;
  map: Record<string, RuleSeverity>;
  default?: RuleSeverity;
}

export interface RuleSpec {
  name: string;
  type: string;
  description?: string;
  select?: RuleSelect;
  match: string;
  match_flags?: string;
  fold?: RuleFold;
  group_by?: string[];
  threshold?: { count: number; window_seconds?: number };
  severity: RuleSeverity | RuleSeverityMap;
  details?: string[];
  summary: string;
  remediation: string;
  resolve?: { match?: string; quiet_seconds?: number };
  merge_seconds?: number;
}

/** A rules file: the built-ins and the files `detectors.rules_files` names. */
export interface RulesFile {
  $schema?: string;
  rules: RuleSpec[];
}
