import type { StructuredData } from '../shared/record.js';
import { rx } from '../shared/safe-regex.js';
import { Cursor } from './rfc5424-cursor.js';
import { scanStructuredData } from './rfc5424-sd.js';

/**
 * RFC 5424 structured data right after an RFC 3164 TAG, as rsyslog writes its own status
 * messages (`rsyslogd: [origin software="rsyslogd" swVersion="8.2102.0" x-pid="123"
 * x-info="https://www.rsyslog.com"] start`, rsyslogd.c) and liblogging-stdlog callers do.
 *
 * Many programs start their text with a bracketed word (`[INFO]`, `[main]`, the kernel's
 * `[ 12.345678]`), which the SD-ELEMENT grammar alone would accept. So besides the grammar
 * (RFC 5424 §6.3, the same scanner as strict RFC 5424), every SD-ID must have one of the two
 * forms §6.3.2 allows: a name IANA registered (§9.2 and later RFCs), or `name@<private
 * enterprise number>`. Anything else is message text, with no error.
 */

/** IANA "syslog Structured Data ID Values": RFC 5424 §7, RFC 5674 (alarm), RFC 5848 (signatures). */
const REGISTERED_SD_IDS: ReadonlySet<string> = new Set(['timeQuality', 'origin', 'meta', 'alarm', 'ssign', 'ssign-cert']);

/** `name@<private enterprise number>`; SD-NAMEs are at most 32 characters. */
const ENTERPRISE_SD_ID = rx(/^[^@]{1,30}@[0-9][0-9.]{0,30}$/);

const SP = 0x20;

export interface LeadingStructuredData {
  structuredData: StructuredData;
  /** Where the message starts in the buffer: after the SD and the one space that follows it. */
  messageStart: number;
}

/** Structured data at data[p] (a `[`), up to `end`, or null when it is not well-formed. */
export function leadingStructuredData(data: Buffer, p: number, end: number): LeadingStructuredData | null {
  const c = new Cursor(data.subarray(p, end));
  const into: { structured_data: StructuredData | null } = { structured_data: null };
  if (!scanStructuredData(c, into) || into.structured_data === null) return null;
  const after = c.byteAt();
  if (after !== -1 && after !== SP) return null;
  for (const id of Object.keys(into.structured_data)) {
    if (!REGISTERED_SD_IDS.has(id) && !ENTERPRISE_SD_ID.test(id)) return null;
  }
  return { structuredData: into.structured_data, messageStart: after === -1 ? end : p + c.pos + 1 };
}
