/**
 * Stable reason codes written to a record's `corrections`. docs/corrections.md documents each
 * one; test/normalize/reasons-doc.test.ts keeps the table and this list in step.
 */
export const REASON = {
  /** Syslog-family record with no PRI at all: RFC 3164 §4.3.3 relay default <13> user.notice. */
  priMissingRfc3164Default: 'pri_missing_rfc3164_default',

  /** Facility missing on a record from the kernel (kmsg always carries it; 0 is the kernel's). */
  facilityInferredKernel: 'facility_inferred_kernel',
  /** Facility missing (or the unshifted 32 of old systemd) on a journald audit record: auth. */
  facilityInferredAudit: 'facility_inferred_audit',
  facilityInferredUnit: 'facility_inferred_unit',
  facilityInferredAppList: 'facility_inferred_app_list',
  facilityInferredDefaultUser: 'facility_inferred_default_user',

  /** Facility 0 (kern) on a record that did not come from the kernel. */
  facilityKernReroutedUnit: 'facility_kern_rerouted_unit',
  facilityKernReroutedAppList: 'facility_kern_rerouted_app_list',
  facilityKernReroutedDefaultUser: 'facility_kern_rerouted_default_user',

  /** journald entry without PRIORITY: journald's own default for the transport. */
  severityMissingJournaldDefault: 'severity_missing_journald_default',
  /** Syslog-family record with a facility but no severity (partial parse): notice. */
  severityMissingSyslogDefault: 'severity_missing_syslog_default',
} as const;
