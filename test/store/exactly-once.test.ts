import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';

// The defects of issue 14 §1, each as found by running logsift the way users do.
const scratch = mkdtempSync(join(tmpdir(), 'logsift-once-'));
let n = 0;
const freshStore = (): string => join(scratch, `store-${++n}`);

/** Rows and distinct event ids of a table, read by DuckDB directly (not through logsift). */
async function counts(store: string, table = 'logs'): Promise<{ rows: number; ids: number }> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const q = `SELECT count(*)::INTEGER AS rows, count(DISTINCT event_id)::INTEGER AS ids FROM read_parquet('${store}/${table}/*/*/*.parquet')`;
    const [r] = (await db.runAndReadAll(q)).getRowObjectsJson() as { rows: number; ids: number }[];
    return r;
  } finally {
    db.closeSync();
  }
}

/** journalctl -o json entries with a cursor each, one per second from `from`. */
function journal(from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const us = String(1_764_100_000_000_000 + i * 1_000_000);
    lines.push(JSON.stringify({ __CURSOR: `s=abc;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: us, _BOOT_ID: 'b0', _HOSTNAME: 'node-1', SYSLOG_IDENTIFIER: 'app', PRIORITY: '6', MESSAGE: `entry ${i}` }));
  }
  return lines.join('\n') + '\n';
}

describe('the store keeps every event exactly once (issue 14 §1)', () => {
  it('rotation: a new file at the same path adds its rows and keeps the rotated file\'s', async () => {
    const store = freshStore();
    const syslog = join(scratch, 'syslog');
    writeFileSync(syslog, ['Nov 20 10:00:00 web-1 app[1]: one', 'Nov 20 11:00:00 web-1 app[1]: two', 'Nov 20 12:00:00 web-1 app[1]: three'].join('\n') + '\n');
    const rt = ['--received-time', '2026-11-21T06:00:00Z'];
    expect((await cli(['run', ...rt, '--store', store, syslog])).code).toBe(0);
    renameSync(syslog, `${syslog}.1`);
    writeFileSync(syslog, ['Nov 21 10:00:00 web-1 app[1]: four', 'Nov 21 11:00:00 web-1 app[1]: five'].join('\n') + '\n');
    expect((await cli(['run', ...rt, '--store', store, syslog])).code).toBe(0);
    expect(await counts(store)).toEqual({ rows: 5, ids: 5 });
    // The rotated file run again (logrotate's syslog.1) adds nothing.
    expect((await cli(['run', ...rt, '--store', store, `${syslog}.1`])).code).toBe(0);
    expect(await counts(store)).toEqual({ rows: 5, ids: 5 });
  });

  it('grown standard input: the second, longer run adds only the new entries', async () => {
    const store = freshStore();
    await cli(['run', '--store', store, '-'], journal(0, 60));
    await cli(['run', '--store', store, '-'], journal(0, 70));
    expect(await counts(store)).toEqual({ rows: 70, ids: 70 });
  });

  it('grown standard input of syslog lines (no cursor) adds only the new lines', async () => {
    const store = freshStore();
    const lines = Array.from({ length: 70 }, (_, i) => `<14>1 2026-11-26T01:${String(i % 60).padStart(2, '0')}:00Z h a - - - line ${i % 7}`);
    await cli(['run', '--store', store, '-'], lines.slice(0, 60).join('\n') + '\n');
    await cli(['run', '--store', store, '-'], lines.join('\n') + '\n');
    expect(await counts(store)).toEqual({ rows: 70, ids: 70 });
  });

  it('overlapping journal exports store each entry once', async () => {
    const store = freshStore();
    const a = join(scratch, 'export-a.json');
    const b = join(scratch, 'export-b.json');
    writeFileSync(a, journal(0, 60));
    writeFileSync(b, journal(50, 70));
    await cli(['run', '--store', store, a]);
    await cli(['run', '--store', store, b]);
    expect(await counts(store)).toEqual({ rows: 70, ids: 70 });
    // Both in one run as well.
    const both = freshStore();
    await cli(['run', '--store', both, a, b]);
    expect(await counts(both)).toEqual({ rows: 70, ids: 70 });
  });

  it('two concurrent runs both keep their detector state', async () => {
    const kills = readFileSync(new URL('../fixtures/oom/kernel6-global.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as { time: string; app: string; message: string });
    const fileFor = (host: string): string => {
      const path = join(scratch, `${host}.log`);
      writeFileSync(path, kills.map((k) => `<30>1 ${k.time} ${host} ${k.app} - - - ${k.message}`).join('\n') + '\n');
      return path;
    };
    const store = freshStore();
    const runs = await Promise.all(['host-a', 'host-b'].map((h) => cli(['run', '--store', store, fileFor(h)])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const keys = (JSON.parse(readFileSync(join(store, 'state', 'detectors.json'), 'utf8')) as [string, unknown][]).map(([k]) => k);
    expect(keys).toEqual(expect.arrayContaining(['oom_kill:host:host-a', 'oom_kill:host:host-b']));
  });
});
