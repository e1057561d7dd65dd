import type { LogRecord } from '../../shared/record.js';
import { rx } from '../../shared/safe-regex.js';
import {
  killedLine,
  legacyMemcgLine,
  memcgUsageLine,
  reapedLine,
  selectLine,
  summaryLine,
  triggerLine,
  triggerPidLine,
} from './kernel-lines.js';
import { containerdLine, oomKilledLine, systemdLine, systemOomLine } from './reporter-lines.js';
import { kernelTextStart } from './scan.js';
import type { OomSignal } from './signals.js';

/** OOM lines are short; only the head of a long message is searched, which also bounds the work. */
const MAX_SCAN = 16 * 1024;
/** Every line below but the anchored ones holds one of these. */
const ANY_WORD = rx(/oom|OOM|Kill|Task in /);

/**
 * The OOM signal one message carries, or null. Runs on every record: a message without `oom`,
 * `OOM`, `Kill` or `Task in ` and not starting like a memcg header or dump_stack line is
 * rejected by one regex scan.
 */
export function recognizeOom(record: LogRecord): OomSignal | null {
  const msg = record.message;
  const s = msg.length > MAX_SCAN ? msg.slice(0, MAX_SCAN) : msg;
  // One scan rejects nearly every line; which words occur is asked only of the few left.
  if (!ANY_WORD.test(s)) return anchoredLine(s, record.source_format === 'plain');
  const oom = s.includes('oom') || s.includes('OOM');
  const kill = s.includes('Kill') || s.includes('Task in ');
  const base = kernelTextStart(s);
  if (kill) {
    const npd = s.includes('OOMKilling');
    const killed = killedLine(s, base);
    if (killed) return { ...killed, source: npd ? 'npd' : 'kernel' };
    const select = selectLine(s, base);
    if (select) return { ...select, source: npd ? 'npd' : 'kernel' };
    const legacy = legacyMemcgLine(s, base);
    if (legacy) return legacy;
  }
  if (!oom) return null;
  return (
    summaryLine(s, base) ??
    reapedLine(s, base) ??
    triggerLine(s, base) ??
    systemdLine(s, record) ??
    containerdLine(s) ??
    systemOomLine(s) ??
    oomKilledLine(s)
  );
}

/** Lines that name no OOM but belong to an OOM report: `memory: usage …` and `CPU: … PID: … Comm: …`. */
function anchoredLine(s: string, plain: boolean): OomSignal | null {
  const c = s.charCodeAt(0);
  if (c !== 109 /* m */ && c !== 67 /* C */ && c !== 91 /* [ */ && !(plain && s.includes('kernel: '))) return null;
  const base = kernelTextStart(s);
  return memcgUsageLine(s, base) ?? triggerPidLine(s, base);
}
