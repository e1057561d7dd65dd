import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../functions/store/store-lock.js';
import { cli } from '../cli/run-cli.js';
import { exited, spawnCli } from '../support/cli-process.js';

/**
 * Random sequences of `logsift run` over one rotating syslog file (append, rotate, truncate,
 * overlapping exports, renamed files, standard input, re-runs, `logsift compact`, and a run killed with SIGKILL)
 * against an oracle of the events: after every step the store holds exactly the oracle's
 * events, each once.
 */
const scratch = mkdtempSync(join(tmpdir(), 'logsift-seq-'));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The log stream: line i, deterministic. Most lines are RFC 3164 with a time ~45 s after the
 * previous; some repeat the previous line byte for byte (two identical events); some are plain
 * text without a time (stored by receive time).
 */
function streamLine(i: number): string {
  if (i > 0 && i % 11 === 0) return streamLine(i - 1); // an identical event right after its twin
  if (i % 13 === 5) return `heartbeat ok ${i % 3}`; // no time; repeats across the stream
  const t = new Date(Date.UTC(2026, 10, 20) + i * 45_000);
  const day = String(t.getUTCDate()).padStart(2, ' ');
  const hms = t.toISOString().slice(11, 19);
  return `${MONTHS[t.getUTCMonth()]} ${day} ${hms} web-${i % 2} app[7]: event ${i}`;
}

type Op =
  | { kind: 'append'; n: number }
  | { kind: 'rotate'; n: number; runRotated: boolean }
  | { kind: 'truncate'; n: number }
  | { kind: 'overlap'; back: number; len: number }
  | { kind: 'rename' }
  | { kind: 'stdin'; n: number }
  | { kind: 'rerun' }
  | { kind: 'compact' }
  | { kind: 'kill'; n: number; delayMs: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('rotate' as const), n: fc.integer({ min: 0, max: 30 }), runRotated: fc.boolean() }),
  fc.record({ kind: fc.constant('truncate' as const), n: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant('overlap' as const), back: fc.integer({ min: 0, max: 60 }), len: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('rename' as const) }),
  fc.record({ kind: fc.constant('stdin' as const), n: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant('rerun' as const) }),
  fc.record({ kind: fc.constant('compact' as const) }),
);
const killArb: fc.Arbitrary<Op> = fc.record({ kind: fc.constant('kill' as const), n: fc.integer({ min: 300, max: 1000 }), delayMs: fc.integer({ min: 0, max: 400 }) });

/** Events of one input as the identity rule counts them: a line and its occurrence in that input. */
function eventsOf(lines: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const k = seen.get(l) ?? 0;
    seen.set(l, k + 1);
    return `${l}\u0000${k}`;
  });
}

/** Each stored row's line (its message, rebuilt to the stream's text) as a sorted list, and the id count. */
async function storedLines(store: string, byEventId = false): Promise<{ lines: string[]; rows: number; ids: number }> {
  if (!existsSync(join(store, 'logs'))) return { lines: [], rows: 0, ids: 0 };
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const distinct = byEventId ? 'DISTINCT ' : '';
    const rows = (await db.runAndReadAll(`SELECT ${distinct}event_id, message, app FROM read_parquet('${store}/logs/*/*/*.parquet')`)).getRowObjectsJson() as { event_id: string; message: string; app: string | null }[];
    return { lines: rows.map((r) => (r.app === null ? r.message : `app ${r.message}`)).sort(), rows: rows.length, ids: new Set(rows.map((r) => r.event_id)).size };
  } finally {
    db.closeSync();
  }
}

/** The stored form of a stream line, to compare with storedLines. */
const storedForm = (line: string): string => (line.startsWith('heartbeat') ? line : `app ${line.slice(line.indexOf(': ') + 2)}`);

describe('any sequence of runs keeps every event exactly once', () => {
  it('matches the oracle after each step', { timeout: 240_000 }, async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 2, maxLength: 6 }), fc.option(killArb, { nil: undefined }), fc.integer({ min: 0, max: 5 }), async (steps, kill, killAt) => {
        const at = Math.min(killAt, steps.length);
        const ops = kill === undefined ? steps : [...steps.slice(0, at), kill, ...steps.slice(at)];
        const dir = join(scratch, `seq-${++seq}`);
        mkdirSync(dir);
        const store = join(dir, 'store');
        const logPath = (name: string): string => join(dir, name);
        let next = 0;
        let cur: string[] = [];
        let curName = 'syslog';
        let renames = 0;
        let exports = 0;
        const oracle = new Set<string>();
        const take = (n: number): string[] => Array.from({ length: n }, () => streamLine(next++));
        const write = (name: string, lines: readonly string[]): string => {
          const path = logPath(name);
          writeFileSync(path, lines.map((l) => l + '\n').join(''));
          return path;
        };
        let day = 0;
        // Each run has its own receive time (another day), as daily runs do: rows without an
        // event time land in another partition each time.
        const rt = (): string[] => ['--received-time', `2026-12-${String(1 + (day++ % 28)).padStart(2, '0')}T06:00:00Z`];
        const runFile = async (path: string, lines: readonly string[]): Promise<void> => {
          const r = await cli(['run', ...rt(), '--store', store, path]);
          expect(r.code, r.stderr).toBe(0);
          for (const e of eventsOf(lines)) oracle.add(e);
        };
        const expected = (): string[] => [...oracle].map((e) => storedForm(e.slice(0, e.indexOf('\u0000')))).sort();
        const check = async (): Promise<void> => {
          const s = await storedLines(store);
          expect(s.ids, 'each event_id once').toBe(s.rows);
          expect(s.lines).toEqual(expected());
        };
        write(curName, cur);
        for (const op of ops) {
          switch (op.kind) {
            case 'append':
              cur = [...cur, ...take(op.n)];
              await runFile(write(curName, cur), cur);
              break;
            case 'rotate': {
              const rotated = cur;
              renameSync(logPath(curName), logPath(`${curName}.1`));
              cur = take(op.n);
              await runFile(write(curName, cur), cur);
              if (op.runRotated) await runFile(logPath(`${curName}.1`), rotated);
              break;
            }
            case 'truncate':
              cur = take(op.n);
              await runFile(write(curName, cur), cur);
              break;
            case 'overlap': {
              // An export of a window of the stream so far, overlapping what earlier runs stored.
              const from = Math.max(0, next - op.back - op.len);
              const lines = Array.from({ length: Math.min(op.len, next - from) }, (_, i) => streamLine(from + i));
              await runFile(write(`export-${++exports}.log`, lines), lines);
              break;
            }
            case 'rename': {
              const to = `moved-${++renames}.log`;
              renameSync(logPath(curName), logPath(to));
              curName = to;
              await runFile(logPath(curName), cur);
              break;
            }
            case 'stdin': {
              cur = [...cur, ...take(op.n)];
              write(curName, cur);
              const r = await cli(['run', ...rt(), '--store', store, '-'], cur.map((l) => l + '\n').join(''));
              expect(r.code, r.stderr).toBe(0);
              for (const e of eventsOf(cur)) oracle.add(e);
              break;
            }
            case 'compact': {
              // logsift compact between runs (run compacts what it wrote; this is the whole store).
              const r = await cli(['compact', '--store', store]);
              expect(r.code, r.stderr).toBe(existsSync(store) ? 0 : 1);
              break;
            }
            case 'rerun':
              await runFile(logPath(curName), cur);
              break;
            case 'kill': {
              cur = [...cur, ...take(op.n)];
              const path = write(curName, cur);
              const args = ['run', ...rt(), '--store', store, path];
              const child = await spawnCli(args);
              const done = exited(child);
              // Killed once it holds the store, at a random moment of its run.
              while (!existsSync(join(store, LOCK_FILE)) && child.exitCode === null) await sleep(5);
              await sleep(op.delayMs);
              child.kill('SIGKILL');
              await done;
              // Whatever it wrote is a part of the events, and nothing earlier is lost. Killed while
              // compacting (between the merged object's put and its sources' deletes), the store
              // may hold rows twice until the next run: counted by event_id, each is there once.
              const after = await storedLines(store, true);
              const before = expected();
              for (const e of eventsOf(cur)) oracle.add(e);
              const all = expected();
              expect(isSubMultiset(before, after.lines)).toBe(true);
              expect(isSubMultiset(after.lines, all)).toBe(true);
              // Run again (its lock is stale now): the store then holds all of it.
              await runFile(path, cur);
              break;
            }
          }
          await check();
        }
      }),
      { numRuns: 4, endOnFailure: true },
    );
  });
});

/** Whether every element of `small` (sorted) is in `big` (sorted), counting repeats. */
function isSubMultiset(small: readonly string[], big: readonly string[]): boolean {
  let j = 0;
  for (const s of small) {
    while (j < big.length && big[j] < s) j++;
    if (j === big.length || big[j] !== s) return false;
    j++;
  }
  return true;
}
