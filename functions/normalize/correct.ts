import type { ParsedEvent } from '../parse/types.js';
import type { CorrectionRules } from '../shared/config.js';
import { FACILITY, SEVERITY, isFacility, isSeverity } from '../shared/syslog-codes.js';
import { inferFacility, isJournalFamily, isKernelRecord, isKernelsOwnRecord, type FacilityBasis } from './facility.js';
import { findMessageLevel } from './message-level.js';
import { REASON } from './reasons.js';

export interface PriorityDecision {
  facility: number;
  severity: number;
  /** Stable reason codes, parser notes first; empty when nothing was changed. */
  corrections: string[];
}

/** auth(4): journald-audit.c's SYSLOG_FACILITY (older systemd wrote the unshifted 32). */
const FACILITY_AUTH = 4;

const INFERRED: Readonly<Record<FacilityBasis, string>> = {
  unit: REASON.facilityInferredUnit,
  app_list: REASON.facilityInferredAppList,
  default_user: REASON.facilityInferredDefaultUser,
};
const KERN_REROUTED: Readonly<Record<FacilityBasis, string>> = {
  unit: REASON.facilityKernReroutedUnit,
  app_list: REASON.facilityKernReroutedAppList,
  default_user: REASON.facilityKernReroutedDefaultUser,
};

/** What the record arrived with, values outside the syslog ranges read as missing. */
interface Received {
  facility: number | null;
  severity: number | null;
  journal: boolean;
  kernel: boolean;
  /** A syslog-family record that had no PRI at all. */
  noPri: boolean;
}

/**
 * Effective facility and severity for a parsed event, and why they differ from what was
 * received. The precedence is documented in docs/corrections.md; the received values stay in
 * the record untouched.
 */
export function decidePriority(ev: ParsedEvent, rules: CorrectionRules): PriorityDecision {
  const corrections = ev.notes.length > 0 ? ev.notes.slice() : [];
  const facility = isFacility(ev.facility_received as number) ? ev.facility_received : null;
  const severity = isSeverity(ev.severity_received as number) ? ev.severity_received : null;
  const journal = isJournalFamily(ev);
  const received: Received = {
    facility,
    severity,
    journal,
    kernel: isKernelRecord(ev),
    noPri: !journal && facility === null && severity === null,
  };
  if (received.noPri) corrections.push(REASON.priMissingRfc3164Default);
  return {
    facility: decideFacility(ev, rules, received, corrections),
    severity: decideSeverity(ev, received, corrections),
    corrections,
  };
}

function decideFacility(ev: ParsedEvent, rules: CorrectionRules, rec: Received, out: string[]): number {
  if (rec.facility !== null) {
    if (rec.facility !== FACILITY.kern || rec.kernel) return rec.facility;
    const inferred = inferFacility(ev, rules);
    out.push(KERN_REROUTED[inferred.basis]);
    return inferred.facility;
  }
  if (ev.transport === 'audit') {
    out.push(REASON.facilityInferredAudit);
    return FACILITY_AUTH;
  }
  if (isKernelsOwnRecord(ev)) {
    out.push(REASON.facilityInferredKernel);
    return FACILITY.kern;
  }
  const inferred = inferFacility(ev, rules);
  // With no PRI, "user" is exactly the RFC 3164 default that pri_missing_rfc3164_default names.
  if (!(rec.noPri && inferred.basis === 'default_user')) out.push(INFERRED[inferred.basis]);
  return inferred.facility;
}

function decideSeverity(ev: ParsedEvent, rec: Received, out: string[]): number {
  if (!rec.kernel && ev.message_encoding !== 'base64' && typeof ev.message === 'string') {
    const stated = findMessageLevel(ev.message);
    if (stated !== null) {
      const received = rec.severity;
      const use =
        received === null ||
        stated.severity < received || // more severe: may always raise
        (stated.severity !== received && isGenericSeverity(ev, received, rec.journal));
      if (use) {
        out.push(stated.reason);
        return stated.severity;
      }
    }
  }
  if (rec.severity !== null) return rec.severity;
  if (rec.journal) {
    out.push(REASON.severityMissingJournaldDefault);
    // journald-audit.c dispatches at LOG_NOTICE; native entries default to LOG_INFO (journald-native.c).
    return ev.transport === 'audit' ? SEVERITY.notice : SEVERITY.info;
  }
  if (!rec.noPri) out.push(REASON.severityMissingSyslogDefault);
  return SEVERITY.notice;
}

/**
 * A received severity that says nothing about the message: journald's stdout/stderr stream
 * defaults (info/err), the same defaults from the Docker/Podman journald log driver, and for
 * syslog-family lines the values those streams and logger(1)/RFC 3164 relays produce (err,
 * notice, info). Anything else was chosen by the sender and is never lowered.
 */
function isGenericSeverity(ev: ParsedEvent, severity: number, journal: boolean): boolean {
  const streamDefault = severity === SEVERITY.info || severity === SEVERITY.err;
  if (ev.transport === 'stdout') return streamDefault;
  if (journal) return streamDefault && ev.transport === 'journal' && isContainerDriverEntry(ev);
  return streamDefault || severity === SEVERITY.notice;
}

/** Docker's and Podman's journald log drivers send stdout as PRIORITY 6 and stderr as 3, with CONTAINER_ID. */
function isContainerDriverEntry(ev: ParsedEvent): boolean {
  return typeof ev.fields.CONTAINER_ID === 'string';
}
