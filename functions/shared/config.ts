import type { RuleSpec } from '../detect/rules/spec.js';

/**
 * Runtime configuration. `schemas/config.schema.json` is the source of truth; `loadConfig`
 * validates against it and fills defaults.
 */
export interface HostConfig {
  cluster?: string;
  /** IANA zone or fixed offset for timestamps that carry none (RFC 3164). */
  timezone?: string;
}

export interface CorrectionRules {
  /** Apps treated as system daemons (facility 3) when a record has no unit to tell. */
  daemon_apps: string[];
}

export interface LimitsConfig {
  /** Events longer than this are cut to it and carry a parse_error. */
  max_event_bytes: number;
  /** Any single field value longer than this is cut to it. */
  max_field_bytes: number;
}

export interface EtcdDetectorConfig {
  /** Leader changes (distinct terms) in one cluster that make churn; etcd-mixin's etcdHighNumberOfLeaderChanges uses 4. */
  churn_min_changes: number;
  /** The sliding window for churn, in seconds (etcd-mixin: 15 minutes). */
  churn_window_seconds: number;
}

export interface OomDetectorConfig {
  /** Lines of one kill (same host and pid) further apart than this belong to different kills. */
  group_window_seconds: number;
}

export interface CertDetectorConfig {
  /** cert_expiring fires when expiry is within this many days. */
  expiring_horizon_days: number;
  /** One finding per (host, app, subject/peer, kind) per this many seconds. */
  suppression_window_seconds: number;
}

export interface DetectorsConfig {
  /** How far behind the newest event time input may still arrive before windows close. */
  allowed_lateness_seconds: number;
  etcd: EtcdDetectorConfig;
  oom: OomDetectorConfig;
  cert: CertDetectorConfig;
  /** Rules added to the built-ins (a rule with a built-in's name replaces it); docs/detectors/rules.md. */
  rules: RuleSpec[];
  /** Built-in rules turned off, by name. */
  disable_rules: string[];
  /** CLI only: rules files whose rules `loadConfigFile` adds to `rules` (paths as written, relative to the config file). */
  rules_files: string[];
}

/** Matches a record when every key given lists the record's value (facility and severity by name). */
export interface RecordMatch {
  app?: string[];
  unit?: string[];
  host?: string[];
  cluster?: string[];
  facility?: string[];
  severity?: string[];
  source_format?: string[];
}

export interface SampleRule {
  match: RecordMatch;
  /** Fraction of matching records kept (0 < keep ≤ 1), chosen by event_id. */
  keep: number;
}

export interface RoutesConfig {
  /** Facilities whose records go to logs_auth instead of logs. */
  auth_facilities: string[];
  /** Records with parse_error also go to quarantine. */
  quarantine_parse_errors: boolean;
  drop: RecordMatch[];
  sample: SampleRule[];
}

export interface LogsiftConfig {
  default_timezone: string;
  hosts: Record<string, HostConfig>;
  correction: CorrectionRules;
  limits: LimitsConfig;
  routes: RoutesConfig;
  detectors: DetectorsConfig;
}

export const DEFAULT_CONFIG: LogsiftConfig = {
  default_timezone: 'UTC',
  hosts: {},
  correction: {
    daemon_apps: [
      'etcd', 'kubelet', 'containerd', 'dockerd', 'crio', 'kube-apiserver', 'kube-proxy',
      'kube-scheduler', 'kube-controller-manager', 'sshd', 'systemd', 'systemd-journald',
      'systemd-logind', 'systemd-networkd', 'systemd-resolved', 'cron', 'crond', 'chronyd',
      'ntpd', 'rsyslogd', 'NetworkManager', 'dbus-daemon', 'haproxy', 'nginx', 'postfix',
    ],
  },
  limits: {
    max_event_bytes: 1024 * 1024,
    max_field_bytes: 256 * 1024,
  },
  routes: {
    auth_facilities: ['auth', 'authpriv'],
    quarantine_parse_errors: true,
    drop: [],
    sample: [],
  },
  detectors: {
    allowed_lateness_seconds: 300,
    etcd: { churn_min_changes: 4, churn_window_seconds: 900 },
    oom: { group_window_seconds: 10 },
    cert: { expiring_horizon_days: 14, suppression_window_seconds: 3600 },
    rules: [],
    disable_rules: [],
    rules_files: [],
  },
};
