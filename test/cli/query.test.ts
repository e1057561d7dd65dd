import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { lockDown } from '../../bin/cli/query/read-only-settings.js';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeParquet, type Row } from '../../functions/sinks/parquet-encode.js';
import { TABLES, type TableName } from '../../functions/sinks/table-schema.js';
import { cli } from './run-cli.js';

const RT = ['--received-time', '2026-11-26T03:00:00Z', '--config', 'samples/logsift.config.json'];
const SAMPLES = ['samples/cp-1.journal.json', 'samples/worker-1.journal.json', 'samples/cp-2.rfc5424.log', 'samples/cp-3.rfc3164.log', 'samples/web-2.rfc5424.log'];

/**
 * A store laid out as `run` writes it (`<table>/dt=…/hour=…/*.parquet`), from what parse and
 * detect print, through the real Parquet encoder; findings in two versions, as re-emission writes them.
 */
function writeStore(dir: string, records: any[], findings: any[]): void {
  const put = (table: TableName, name: string, rows: Row[]): void => {
    const byPartition = new Map<string, Row[]>();
    for (const r of rows) {
      const t = (r.time ?? r.received_time) as string;
      const key = `dt=${t.slice(0, 10)}/hour=${t.slice(11, 13)}`;
      byPartition.set(key, [...(byPartition.get(key) ?? []), r]);
    }
    for (const [key, part] of byPartition) {
      mkdirSync(join(dir, table, key), { recursive: true });
      writeFileSync(join(dir, table, key, `${name}.parquet`), encodeParquet(TABLES[table], part));
    }
  };
  put('logs', 'part-0', records);
  const versions = findings.flatMap((f) => [
    // an earlier version with less evidence, written first: the view must not show it
    { ...f, evidence: f.evidence.slice(0, 1), evidence_count: 1, summary: 'OLD ' + f.summary, written_at: '2026-11-26T02:00:00.000000Z' },
    { ...f, evidence_count: f.evidence.length, written_at: '2026-11-26T02:00:01.000000Z' },
  ]);
  put('findings', 'part-0', versions);
}

function files(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

let store: string;
let records: any[];
let findings: any[];

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), 'logsift-query-'));
  records = (await cli(['parse', ...RT, ...SAMPLES])).lines;
  findings = (await cli(['detect', ...RT, ...SAMPLES])).lines;
  expect(findings.length).toBeGreaterThan(0);
  writeStore(store, records, findings);
});

describe('logsift query', () => {
  it('answers with a table by default, numbers right-aligned, row count last', async () => {
    const r = await cli(['query', '--store', store, 'select facility_name, count(*) as n from logs group by 1 order by 2 desc, 1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const counts = new Map<string, number>();
    for (const rec of records) counts.set(rec.facility_name, (counts.get(rec.facility_name) ?? 0) + 1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^facility_name +n$/);
    expect(lines.at(-1)).toBe(`(${counts.size} rows)`);
    const body = lines.slice(2, -1).map((l) => l.split(/ +/));
    expect(new Map(body.map(([k, v]) => [k, Number(v)]))).toEqual(counts);
  });

  it('--json gives one object per row with the record fields as parse wrote them', async () => {
    const r = await cli(['query', '--store', store, '--json', 'select * exclude (dt, hour) from logs order by event_id']);
    expect(r.code).toBe(0);
    const byId = [...records].sort((a, b) => (a.event_id < b.event_id ? -1 : 1));
    // Same columns, same values: times RFC 3339, integers numbers, maps objects.
    expect(r.lines).toEqual(byId);
  });

  it('--json keeps the partition columns as strings and BIGINT aggregates as numbers', async () => {
    const r = await cli(['query', '--store', store, '--json', "select dt, hour, count(*) as n from logs where dt = '2026-11-26' group by all order by hour limit 1"]);
    expect(r.lines[0]).toEqual({ dt: '2026-11-26', hour: expect.stringMatching(/^\d\d$/), n: expect.any(Number) });
  });

  it('reads journald fields by key, as Athena does', async () => {
    const r = await cli(['query', '--store', store, '--csv', "select distinct fields['PACKAGE'] as package from logs where fields['PACKAGE'] is not null order by 1"]);
    const packages = [...new Set(records.map((x) => x.fields.PACKAGE).filter((u) => u !== undefined))].sort();
    expect(packages.length).toBeGreaterThan(1);
    expect(r.stdout).toBe(['package', ...packages].join('\n') + '\n');
  });

  it('an empty table is still a view with its columns', async () => {
    const r = await cli(['query', '--store', store, '--json', 'select count(*) as n, count(event_id) as ids from logs_auth']);
    expect(r.lines).toEqual([{ n: 0, ids: 0 }]);
    const cols = await cli(['query', '--store', store, '--csv', 'select column_name from (describe quarantine)']);
    expect(cols.stdout.trim().split('\n').slice(1)).toEqual([...TABLES.quarantine.columns.map((c) => c.name), 'dt', 'hour']);
  });

  it('findings keeps every version, as the Athena table does; findings_latest the latest of each', async () => {
    const all = await cli(['query', '--store', store, '--json', 'select finding_id, summary from findings']);
    expect(all.lines).toHaveLength(2 * findings.length);
    expect(all.lines.filter((row) => row.summary.startsWith('OLD '))).toHaveLength(findings.length);
    const r = await cli(['query', '--store', store, '--json', 'select finding_id, summary, evidence from findings_latest']);
    expect(r.lines).toHaveLength(findings.length);
    for (const row of r.lines) expect(row.summary.startsWith('OLD ')).toBe(false);
  });

  it('never writes to the store: a COPY into it is refused', async () => {
    const before = files(store);
    const target = join(store, 'logs', 'dt=2026-11-26', 'hour=01', 'x.parquet');
    const r = await cli(['query', '--store', store, `copy (select 1) to '${target}'`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`logsift: ${target} is outside the store: logsift query opens no other file, URL or database, and writes nothing\n`);
    expect(files(store)).toEqual(before);
  });

  it('bad SQL: DuckDB\'s message on one line, exit 1', async () => {
    const r = await cli(['query', '--store', store, 'selec 1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('logsift: Parser Error: syntax error at or near "selec"\n');
  });

  it('an unknown table names the tables there are', async () => {
    const r = await cli(['query', '--store', store, 'select * from log']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('logsift: unknown table log: the tables are logs, logs_auth, quarantine, findings and the view findings_latest\n');
  });

  it('a missing store and an empty store are one-line errors', async () => {
    const missing = await cli(['query', '--store', join(store, 'nope'), 'select 1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`logsift: no store at ${join(store, 'nope')} (write one with \`logsift run FILE...\`, or pass --store DIR)\n`);
    const empty = mkdtempSync(join(tmpdir(), 'logsift-empty-'));
    const r = await cli(['query', '--store', empty, 'select 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`logsift: the store at ${empty} holds no tables yet (write it with \`logsift run FILE...\`)\n`);
  });

  it('a damaged Parquet file is a one-line error naming it', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'logsift-damaged-'));
    writeStore(damaged, records, []);
    const file = join(damaged, 'logs', 'dt=2026-11-26', 'hour=02', 'zz.parquet');
    writeFileSync(file, 'not parquet');
    const r = await cli(['query', '--store', damaged, 'select count(*) from logs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^logsift: cannot read the store at ${damaged}: .*${file}.*\n$`));
  });

  it('usage mistakes exit 2', async () => {
    expect((await cli(['query', '--store', store])).code).toBe(2);
    expect((await cli(['query', '--store', store, '--json', '--csv', 'select 1'])).code).toBe(2);
    expect((await cli(['query', '--store', store, 'select 1', 'select 2'])).code).toBe(2);
  });
});

describe('logsift findings', () => {
  it('lists every finding as a table, oldest first', async () => {
    const r = await cli(['findings', '--store', store]);
    expect(r.code).toBe(0);
    const [table, todo] = r.stdout.split('\nWhat to do:\n');
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^severity +type +time +host\/cluster +summary$/);
    // then each distinct remediation of a warning or critical finding
    for (const f of findings.filter((x) => x.severity !== 'info')) expect(todo.replaceAll('\n  ', ' ')).toContain(f.remediation);
    expect(lines).toHaveLength(findings.length + 2);
    const sorted = [...findings].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    lines.slice(2).forEach((l, i) => {
      expect(l.startsWith(sorted[i].severity)).toBe(true);
      expect(l).toContain(sorted[i].time.slice(0, 19) + 'Z');
    });
  });

  it('--json writes the findings as detect did', async () => {
    const r = await cli(['findings', '--store', store, '--json']);
    const byId = (xs: any[]): any[] => [...xs].sort((a, b) => (a.finding_id < b.finding_id ? -1 : 1));
    expect(byId(r.lines)).toEqual(byId(findings));
  });

  it('--type filters, and a malformed type is a usage error', async () => {
    const type = findings[0].type;
    const r = await cli(['findings', '--store', store, '--json', '--type', type]);
    expect(r.lines.map((f) => f.finding_id).sort()).toEqual(findings.filter((f) => f.type === type).map((f) => f.finding_id).sort());
    const none = await cli(['findings', '--store', store, '--json', '--type', 'task_hung']);
    expect(none.code).toBe(0);
    expect(none.lines).toEqual([]);
    const bad = await cli(['findings', '--store', store, '--type', 'OOM kill']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^logsift: --type must be a finding type such as oom_kill/);
  });

  it('--since counts back from now: old findings drop out, a long enough duration keeps them', async () => {
    const ageDays = Math.ceil((Date.now() - Date.parse(findings[0].time_end)) / 86_400_000) + 1;
    const recent = await cli(['findings', '--store', store, '--json', '--since', '15m']);
    expect(recent.lines).toEqual([]);
    const all = await cli(['findings', '--store', store, '--json', '--since', `${ageDays}d`]);
    expect(all.lines.length).toBeGreaterThan(0);
    expect((await cli(['findings', '--store', store, '--since', '2x'])).code).toBe(2);
    expect((await cli(['findings', '--store', store, '--since', '1e3m'])).code).toBe(2);
  });
});

describe('logsift query reads the store and nothing else', () => {
  const q = (sql: string) => cli(['query', '--store', store, sql]);
  const storeObject = (): string => [...files(store).keys()].find((f) => f.includes(`${join('logs', 'dt=')}`))!;
  const contents = (): Map<string, string> => new Map([...files(store).keys()].map((f) => [f, readFileSync(f).toString('base64')]));

  it('EXPLAIN ANALYZE COPY to a file writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-copy-'));
    const target = join(dir, 'x.csv');
    const r = await q(`EXPLAIN ANALYZE COPY (select 42) TO '${target}'`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`logsift: ${target} is outside the store: logsift query opens no other file, URL or database, and writes nothing\n`);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('COPY over a store object, however phrased, leaves it unchanged', async () => {
    const before = contents();
    const target = storeObject();
    for (const sql of [
      `EXPLAIN ANALYZE COPY (select 42 as a) TO '${target}'`,
      `EXPLAIN ANALYZE COPY (select 42 as a) TO '${target}' (FORMAT parquet, USE_TMP_FILE false)`,
      `COPY (select 42 as a) TO '${target}' (FORMAT parquet, USE_TMP_FILE false)`,
      `explain   analyze\n copy (select 42 as a) to '${target}' (format csv, use_tmp_file false)`,
      `EXPLAIN (ANALYZE) COPY (select 42 as a) TO '${target}' (FORMAT csv, USE_TMP_FILE false)`,
      `/* c */ EXPLAIN ANALYZE COPY (select 42 as a) TO '${target}' (FORMAT csv, USE_TMP_FILE false)`,
    ]) {
      const r = await q(sql);
      expect(r.code, sql).toBe(1);
      expect(r.stderr, sql).toMatch(/^logsift: (logsift query only reads: |.*tmp_.* is outside the store: )/);
    }
    expect(contents()).toEqual(before);
  });

  it('EXPLAIN and EXPLAIN ANALYZE of a SELECT still run', async () => {
    expect((await q('EXPLAIN select count(*) from logs')).code).toBe(0);
    const r = await cli(['query', '--store', store, '--json', 'explain analyze select count(*) from logs']);
    expect(r.code).toBe(0);
    expect(r.lines[0].explain_value).toContain('Query Profiling Information');
  });

  it('other files are not readable: read_csv, read_text, read_blob, read_parquet, glob', async () => {
    for (const sql of [
      `select * from read_csv('/etc/passwd')`,
      `select * from read_text('/etc/passwd')`,
      `select * from read_blob('/etc/passwd')`,
      `select * from read_parquet('${join(tmpdir(), 'other.parquet')}')`,
    ]) {
      const r = await q(sql);
      expect(r.code, sql).toBe(1);
      expect(r.stdout, sql).toBe('');
      expect(r.stderr, sql).toMatch(/^logsift: \S+ is outside the store: logsift query opens no other file, URL or database, and writes nothing\n$/);
    }
    // A path as a table name is DuckDB's replacement scan; without external access it is no table.
    expect((await q(`select * from '/etc/passwd'`)).stderr).toMatch(/^logsift: unknown table \/etc\/passwd: /);
    const glob = await q(`select * from glob('${store}/*')`);
    expect(glob.code).toBe(1);
    expect(glob.stderr).toContain('is outside the store');
  });

  it('a URL is refused at once, without installing or loading httpfs', async () => {
    const extensions = join(homedir(), '.duckdb', 'extensions');
    const before = existsSync(extensions) ? readdirSync(extensions, { recursive: true }).sort() : [];
    for (const url of ['https://example.invalid/x.parquet', 's3://bucket/x.parquet', 'http://127.0.0.1:9/x.csv']) {
      const r = await q(`select * from read_parquet('${url}')`);
      expect(r.code, url).toBe(1);
      expect(r.stderr, url).toBe(`logsift: ${url} is outside the store: logsift query opens no other file, URL or database, and writes nothing\n`);
    }
    const load = await q(`select * from read_json('https://example.invalid/x.json')`);
    expect(load.code).toBe(1);
    const after = existsSync(extensions) ? readdirSync(extensions, { recursive: true }).sort() : [];
    expect(after).toEqual(before);
  });

  it('ATTACH, INSTALL, LOAD and SET are refused, and no database file appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-attach-'));
    for (const sql of [`ATTACH '${join(dir, 'x.duckdb')}'`, `ATTACH ':memory:' AS m`, 'INSTALL httpfs', 'LOAD httpfs', 'SET enable_external_access = true', 'RESET lock_configuration']) {
      const r = await q(sql);
      expect(r.code, sql).toBe(1);
      expect(r.stderr, sql).toMatch(/^logsift: logsift query only reads: \w+ statements are not run\n$/);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the settings themselves hold without the statement check: DuckDB refuses, and cannot be SET back', async () => {
    const file = storeObject();
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await lockDown(c, [file]);
      const dir = mkdtempSync(join(tmpdir(), 'logsift-raw-'));
      const refused = async (sql: string): Promise<string> => {
        try {
          await c.run(sql);
        } catch (err) {
          return (err as Error).message.split('\n')[0];
        }
        throw new Error(`ran: ${sql}`);
      };
      expect(await refused(`EXPLAIN ANALYZE COPY (select 42) TO '${join(dir, 'x.csv')}'`)).toMatch(/^Permission Error/);
      expect(await refused(`select * from read_text('/etc/passwd')`)).toMatch(/^Permission Error/);
      expect(await refused(`select * from read_parquet('https://example.invalid/x.parquet')`)).toMatch(/^Permission Error/);
      expect(await refused(`ATTACH '${join(dir, 'x.duckdb')}'`)).toMatch(/^Permission Error/);
      expect(await refused('LOAD httpfs')).toMatch(/^Permission Error/);
      for (const setting of ['enable_external_access = true', 'allowed_directories = [\'/\']', 'autoinstall_known_extensions = true', 'autoload_known_extensions = true', "temp_directory = '.tmp'", 'lock_configuration = false']) {
        expect(await refused(`SET ${setting}`)).toMatch(/the configuration has been locked/);
      }
      expect(await refused('RESET enable_external_access')).toMatch(/the configuration has been locked/);
      expect(readdirSync(dir)).toEqual([]);
      const settings = await c.runAndReadAll(
        `select name, value from duckdb_settings() where name in ('enable_external_access', 'autoinstall_known_extensions', 'autoload_known_extensions', 'allow_community_extensions', 'temp_directory', 'lock_configuration') order by name`,
      );
      expect(Object.fromEntries(settings.getRows())).toEqual({
        allow_community_extensions: 'false',
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        enable_external_access: 'false',
        lock_configuration: 'true',
        temp_directory: '',
      });
      // The store file itself stays readable.
      const n = await c.runAndReadAll(`select count(*) from read_parquet('${file}')`);
      expect(Number(n.getRows()[0][0])).toBeGreaterThan(0);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('an unknown column lists the columns of the tables the query names', async () => {
    const r = await q('select hots from logs');
    expect(r.code).toBe(1);
    const cols = [...TABLES.logs.columns.map((c) => c.name), 'dt', 'hour'].join(', ');
    expect(r.stderr).toBe(`logsift: unknown column hots: logs has ${cols}\n`);
    const aliased = await q('select f.nope from findings_latest f');
    expect(aliased.stderr).toBe(`logsift: unknown column nope: findings_latest has ${[...TABLES.findings.columns.map((c) => c.name), 'dt', 'hour'].join(', ')}\n`);
  });

  it('findings works under the same settings (time zone set before the lock)', async () => {
    const r = await cli(['findings', '--store', store, '--json']);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(findings.length);
  });
});
