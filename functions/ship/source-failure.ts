import { rx } from '../shared/safe-regex.js';

/**
 * When a source that failed is worth starting again. Restarting helps a source that ran for a
 * while (journald restarted, a pipeline broke); it cannot help one that fails at once every time
 * (a cursor journalctl rejects, a missing binary, an unreadable journal): those stop the shipper
 * with the reason instead of looping while a service manager reports it healthy.
 */

/** journalctl's words when it cannot use the --after-cursor value (src/journal/journalctl.c). */
const SEEK_FAILED = rx(/Failed to seek to cursor/i);

/** Failures in a row, without a single entry read, after which restarting stops. */
export const MAX_EMPTY_FAILURES = 3;

export interface SourceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
  /** Entries read from this run of the source. */
  entries: number;
  /** The last lines it printed on stderr. */
  stderrTail: string[];
}

export interface SourceContext {
  cursorFile: string;
  /** The cursor passed with --after-cursor, or null. */
  cursor: string | null;
  /** What ran, for the message: `journalctl ...` or the --source-command. */
  describe: string;
  /** Failures in a row before this one that read no entry. */
  emptyFailuresBefore: number;
}

/** How the source's exit reads in one line. */
export function exitText(x: SourceExit): string {
  if (x.error) return `could not run: ${x.error.message}`;
  const how = x.signal !== null ? `was killed by ${x.signal}` : `exited with code ${x.code}`;
  const said = x.stderrTail.length > 0 ? `: ${x.stderrTail[x.stderrTail.length - 1]}` : '';
  return `${how}${said}`;
}

/** The fatal error line for this exit, or null when restarting may help. */
export function fatalSourceError(x: SourceExit, ctx: SourceContext): string | null {
  if (ctx.cursor !== null && x.stderrTail.some((l) => SEEK_FAILED.test(l))) {
    return (
      `the source cannot start from the cursor saved in ${ctx.cursorFile} (${x.stderrTail.find((l) => SEEK_FAILED.test(l))}): ` +
      `the file is damaged or names another journal. Fix: remove ${ctx.cursorFile} to ship the whole journal again ` +
      `(entries already shipped keep their event_id), or start from the newest entry with ` +
      `\`journalctl -n 1 -o export | sed -n 's/^__CURSOR=//p' > ${ctx.cursorFile}\``
    );
  }
  if (x.error !== undefined) {
    const missing = (x.error as NodeJS.ErrnoException).code === 'ENOENT';
    return `cannot run the source \`${ctx.describe}\` (${x.error.message}). Fix: ${missing ? 'install journalctl (systemd) or pass --source-command' : 'check the command and its permissions'}`;
  }
  const failed = x.signal !== null || x.code !== 0;
  if (failed && x.entries === 0 && ctx.emptyFailuresBefore + 1 >= MAX_EMPTY_FAILURES) {
    return `the source \`${ctx.describe}\` failed ${ctx.emptyFailuresBefore + 1} times in a row without printing an entry (it ${exitText(x)}). Fix: run it by hand to see why; \`logsift ship --check\` tests journal access and the cursor`;
  }
  return null;
}
