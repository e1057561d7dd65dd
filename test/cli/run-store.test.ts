import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { PARTITION_KEYS, TABLE_NAMES, TABLES } from '../../functions/sinks/table-schema.js';
import { describeErrors, validateFinding } from '../../functions/shared/schemas.js';
import { runCli } from '../../bin/cli/run.js';
import { SEGMENT_RECORDS } from '../../bin/cli/store-run.js';
import { cli } from './run-cli.js';

const RT = ['--received-time', '2026-11-26T02:00:00Z'];
const scratch = mkdtempSync(join(tmpdir(), 'logsift-run-'));
let n = 0;
const freshStore = (): string => join(scratch, `store-${++n}`);

/** Rows of a query against the store's Parquet files, read by DuckDB directly (not through logsift). */
async function sql(store: string, table: string, query: string): Promise<Record<string, unknown>[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const files = `read_parquet('${store}/${table}/*/*/*.parquet', hive_partitioning = true, hive_types = {'dt': 'VARCHAR', 'hour': 'VARCHAR'})`;
    return (await db.runAndReadAll(query.replaceAll('$T', files))).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    db.closeSync();
  }
}

/** RFC 5424 lines from the churn fixture's records: the etcd leader storm with its disk precursors. */
function churnLines(): { time: string; line: string }[] {
  return readFileSync(new URL('../fixtures/etcd/churn-disk.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { time: string; host: string; app: string; message: string })
    .map((r) => ({ time: r.time, line: `<30>1 ${r.time} ${r.host} ${r.app} - - - ${r.message}` }));
}

const mixed = join(scratch, 'mixed.log');
writeFileSync(
  mixed,
  [
    '<38>1 2026-11-26T01:10:00.000000Z cp-1 sshd 811 - - Accepted publickey for core from 10.0.0.9 port 50122',
    '<86>1 2026-11-26T01:10:01.000000Z cp-1 sudo 812 - - core : TTY=pts/0 ; PWD=/home/core ; USER=root ; COMMAND=/bin/ls',
    '<14>1 2026-11-26T02:20:00.000000Z cp-2 app 9 ID7 [origin@48577 ip="10.0.0.2"][meta@48577 seq="7"] hello',
    '{"__CURSOR":"s=1;i=1","__REALTIME_TIMESTAMP":"1764119000000000","_BOOT_ID":"b0","_HOSTNAME":"cp-3","SYSLOG_IDENTIFIER":"kubelet","_SYSTEMD_UNIT":"kubelet.service","PRIORITY":"6","MESSAGE":"started","_COMM":"kubelet"}',
    '<999>not a syslog line at all',
    '\u0001\u0002 binary junk',
  ].join('\n') + '\n',
);

describe('logsift run', () => {
  it('writes every table as Hive-partitioned Parquet that DuckDB reads with the generated column types', async () => {
    const store = freshStore();
    const r = await cli(['run', ...RT, '--store', store, '--json', mixed]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.records).toBe(6);
    expect(summary.rows_written.logs_auth).toBe(2); // auth (sshd, 4) and authpriv (sudo, 10)

    for (const table of ['logs', 'logs_auth', 'quarantine'] as const) {
      const described = await sql(store, table, 'DESCRIBE SELECT * FROM $T');
      const types = Object.fromEntries(described.map((d) => [d.column_name, d.column_type]));
      const expected = Object.fromEntries([...TABLES[table].columns.map((c) => [c.name, c.duckdbType]), ...PARTITION_KEYS.map((k) => [k, 'VARCHAR'])]);
      expect(types, table).toEqual(expected);
    }
    // Partitions come from the event time.
    const parts = await sql(store, 'logs', "SELECT dt, hour, count(*)::INTEGER AS n FROM $T GROUP BY ALL ORDER BY ALL");
    expect(parts.map((p) => `${p.dt}/${p.hour}`)).toContain('2026-11-26/02');
  });

  it('stores fields and structured_data as maps and corrections as lists, readable with [] in DuckDB', async () => {
    const store = freshStore();
    await cli(['run', ...RT, '--store', store, mixed]);
    const [sd] = await sql(store, 'logs', "SELECT structured_data['origin@48577']['ip'] AS ip, structured_data['meta@48577']['seq'] AS seq, msgid FROM $T WHERE app = 'app'");
    expect(sd).toEqual({ ip: '10.0.0.2', seq: '7', msgid: 'ID7' });
    const [j] = await sql(store, 'logs', "SELECT fields['_COMM'] AS comm, fields['_BOOT_ID'] AS boot, unit, epoch_us(time)::VARCHAR AS us FROM $T WHERE app = 'kubelet'");
    expect(j).toEqual({ comm: 'kubelet', boot: 'b0', unit: 'kubelet.service', us: '1764119000000000' });
    const lists = await sql(store, 'logs', 'SELECT corrections FROM $T WHERE len(corrections) > 0');
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists) expect(Array.isArray(l.corrections)).toBe(true);
  });

  it('quarantines records with parse_error with their raw bytes and source identity, and keeps them in logs', async () => {
    const store = freshStore();
    const parsed = (await cli(['parse', ...RT, mixed])).lines.filter((l) => l.parse_error !== null);
    expect(parsed.length).toBeGreaterThan(0);
    await cli(['run', ...RT, '--store', store, mixed]);
    const q = await sql(store, 'quarantine', 'SELECT event_id, source_identity, error, raw::VARCHAR AS raw, raw_size FROM $T ORDER BY source_identity');
    expect(q.map((x) => x.event_id).sort()).toEqual(parsed.map((p) => p.event_id).sort());
    const lines = readFileSync(mixed, 'utf8').split('\n');
    for (const row of q) {
      const index = Number(String(row.source_identity).split(':').pop());
      expect(row.source_identity).toBe(`file:${mixed}:${index}`);
      expect(Buffer.from(String(row.raw), 'latin1').toString()).toBe(lines[index]);
      expect(row.raw_size).toBe(Buffer.byteLength(lines[index]));
      expect(row.error).toBe(parsed.find((p) => p.event_id === row.event_id).parse_error);
    }
    const inLogs = await sql(store, 'logs', 'SELECT count(*)::INTEGER AS n FROM $T WHERE parse_error IS NOT NULL');
    expect(inLogs[0].n).toBe(parsed.length);
  });

  it('re-running the same input leaves the row counts unchanged (objects are replaced, not added)', async () => {
    const store = freshStore();
    const count = async (): Promise<unknown[]> =>
      Promise.all(TABLE_NAMES.filter((t) => existsSync(join(store, t))).map(async (t) => (await sql(store, t, 'SELECT count(*)::INTEGER AS n FROM $T'))[0].n));
    await cli(['run', ...RT, '--store', store, mixed]);
    const first = await count();
    await cli(['run', '--received-time', '2026-11-27T00:00:00Z', '--store', store, mixed]);
    await cli(['run', ...RT, '--store', store, join(scratch, '.', 'mixed.log')]);
    expect(await count()).toEqual(first);
    const distinct = await sql(store, 'logs', 'SELECT count(*)::INTEGER AS n, count(DISTINCT event_id)::INTEGER AS d FROM $T');
    expect(distinct[0].n).toBe(distinct[0].d);
  });

  it('carries detector state across runs: a churn episode split over two files is one finding', async () => {
    const lines = churnLines();
    const cut = lines.findIndex((l) => l.time >= '2026-11-26T10:02:00');
    const a = join(scratch, 'churn-a.log');
    const b = join(scratch, 'churn-b.log');
    writeFileSync(a, lines.slice(0, cut).map((l) => l.line).join('\n') + '\n');
    writeFileSync(b, lines.slice(cut).map((l) => l.line).join('\n') + '\n');
    const whole = (await cli(['detect', ...RT, '--cluster', 'k', a, b])).lines.filter((f) => f.type === 'etcd_leader_churn');
    expect(whole).toHaveLength(1);
    // Either half alone is below the threshold.
    for (const half of [a, b]) expect((await cli(['detect', ...RT, '--cluster', 'k', half])).lines.filter((f) => f.type === 'etcd_leader_churn')).toEqual([]);

    const store = freshStore();
    expect((await cli(['run', ...RT, '--cluster', 'k', '--store', store, a])).code).toBe(0);
    const second = await cli(['run', ...RT, '--cluster', 'k', '--store', store, '--json', b]);
    const churn = JSON.parse(second.stdout).findings.filter((f: { type: string }) => f.type === 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    expect(churn[0].finding_id).toBe(whole[0].finding_id);
    expect(churn[0].details.changes).toBe(whole[0].details.changes);
    expect(existsSync(join(store, 'state', 'detectors.json'))).toBe(true);

    // Through the findings view's rule (latest version per finding_id) it shows once.
    await cli(['run', ...RT, '--cluster', 'k', '--store', store, b]);
    const viewed = await sql(
      store,
      'findings',
      "SELECT finding_id, evidence_count FROM $T WHERE type = 'etcd_leader_churn' QUALIFY row_number() OVER (PARTITION BY finding_id ORDER BY time_end DESC, evidence_count DESC, written_at DESC) = 1",
    );
    expect(viewed).toEqual([{ finding_id: whole[0].finding_id, evidence_count: whole[0].evidence.length }]);
  });

  it('writes findings that match the finding schema, with evidence_count and written_at', async () => {
    const store = freshStore();
    const lines = churnLines().map((l) => l.line);
    const file = join(scratch, 'churn.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = JSON.parse((await cli(['run', ...RT, '--cluster', 'k', '--store', store, '--json', file])).stdout);
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) expect(validateFinding(f), describeErrors(validateFinding.errors)).toBe(true);
    const described = await sql(store, 'findings', 'DESCRIBE SELECT * FROM $T');
    expect(Object.fromEntries(described.map((d) => [d.column_name, d.column_type]))).toEqual(
      Object.fromEntries([...TABLES.findings.columns.map((c) => [c.name, c.duckdbType]), ['dt', 'VARCHAR'], ['hour', 'VARCHAR']]),
    );
    const rows = await sql(store, 'findings', 'SELECT finding_id, evidence_count, len(evidence)::INTEGER AS n, details FROM $T');
    expect(rows.length).toBe(r.findings.length);
    for (const row of rows) {
      expect(row.evidence_count).toBe(row.n);
      const f = r.findings.find((x: { finding_id: string }) => x.finding_id === row.finding_id);
      expect(JSON.parse(String(row.details))).toEqual(f.details);
    }
  });

  it('prints a summary for people: formats, corrections, errors, findings table, the store and a query to try', async () => {
    const store = freshStore();
    const errors = (await cli(['parse', ...RT, mixed])).lines.filter((l) => l.parse_error !== null).length;
    const r = await cli(['run', ...RT, '--store', store, mixed]);
    expect(r.stdout).toMatch(/6 records read/);
    expect(r.stdout).toMatch(/rfc5424\s+3/);
    expect(r.stdout).toContain(`Parse errors: ${errors}; quarantined with their raw bytes: ${errors}.`);
    expect(r.stdout).toMatch(/Rows written: logs 4, logs_auth 2, quarantine 1, findings 0\./);
    expect(r.stdout).toContain(`Store: ${store}`);
    expect(r.stdout).toContain('logsift query "select facility_name');
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('reads standard input, naming its objects by content so another input does not replace them', async () => {
    const store = freshStore();
    await cli(['run', ...RT, '--store', store, '-'], '<14>1 2026-11-26T01:00:00Z h a - - - one\n');
    await cli(['run', ...RT, '--store', store, '-'], '<14>1 2026-11-26T01:00:00Z h a - - - two\n');
    await cli(['run', ...RT, '--store', store, '-'], '<14>1 2026-11-26T01:00:00Z h a - - - two\n');
    const rows = await sql(store, 'logs', 'SELECT message FROM $T ORDER BY message');
    expect(rows.map((x) => x.message)).toEqual(['one', 'two']);
    // Each run compacts the hour it wrote into one object (functions/store/compact.ts).
    expect(readdirSync(join(store, 'logs', 'dt=2026-11-26', 'hour=01'))).toHaveLength(1);
  });

  it('draws a progress bar on stderr when stderr is a terminal, and clears it at the end', async () => {
    const err = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    const chunks: Buffer[] = [];
    err.on('data', (c: Buffer) => chunks.push(c));
    const out = new PassThrough();
    out.resume();
    const code = await runCli(['run', ...RT, '--store', freshStore(), mixed], { stdin: new PassThrough(), stdout: out, stderr: err });
    expect(code).toBe(0);
    const text = Buffer.concat(chunks).toString();
    expect(text).toMatch(/records\/s/);
    expect(text).toMatch(/ETA/);
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes in segments; appending and re-running adds only the new lines, in objects named by their event ids', async () => {
    const store = freshStore();
    const file = join(scratch, 'long.log');
    const line = (i: number) => `<14>1 2026-11-26T03:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:00.000000Z h app - - - line ${i}`;
    const total = 2 * SEGMENT_RECORDS + 100;
    writeFileSync(file, Array.from({ length: total }, (_, i) => line(i)).join('\n') + '\n');
    await cli(['run', ...RT, '--store', store, file]);
    const hour = join(store, 'logs', 'dt=2026-11-26', 'hour=03');
    const first = readdirSync(hour);
    // Three segments written, compacted into one object when the run ends.
    expect(first).toHaveLength(1);
    for (const name of first) expect(name).toMatch(/^events-[0-9a-f]{32}\.parquet$/);
    writeFileSync(file, Array.from({ length: total + 50 }, (_, i) => line(i)).join('\n') + '\n');
    const again = JSON.parse((await cli(['run', ...RT, '--store', store, '--json', file])).stdout);
    expect(again.rows_written.logs).toBe(50);
    expect(again.already_stored).toBe(total);
    // The 50 new lines were written as one more object, then merged with the hour's: one object again.
    expect(readdirSync(hour)).toHaveLength(1);
    expect(readdirSync(hour)[0]).not.toBe(first[0]);
    const [c] = await sql(store, 'logs', 'SELECT count(*)::INTEGER AS n, count(DISTINCT message)::INTEGER AS d FROM $T');
    expect(c).toEqual({ n: total + 50, d: total + 50 });
  });
});

describe('logsift run: records later than the allowed lateness', () => {
  // One file whose last line is an hour older than the newest time before it.
  const late = join(scratch, 'late.log');
  writeFileSync(
    late,
    [
      '<30>1 2026-11-26T03:00:00.000000Z cp-1 app 1 - - newest first',
      '<30>1 2026-11-26T03:00:01.000000Z cp-1 app 1 - - still in order',
      '<30>1 2026-11-26T02:00:00.000000Z cp-1 app 1 - - an hour late',
    ].join('\n') + '\n',
  );

  it('counts them in the summary, for people and as JSON', async () => {
    const json = await cli(['run', ...RT, '--store', freshStore(), '--json', late]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).late_records).toBe(1);
    const text = await cli(['run', ...RT, '--store', freshStore(), late]);
    expect(text.stdout).toMatch(/^Late records: 1 arrived more than detectors\.allowed_lateness_seconds behind the newest event time/m);
  });

  it('says nothing when every record was in time', async () => {
    const inTime = join(scratch, 'in-time.log');
    writeFileSync(inTime, readFileSync(late, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const json = await cli(['run', ...RT, '--store', freshStore(), '--json', inTime]);
    expect(JSON.parse(json.stdout).late_records).toBe(0);
    const text = await cli(['run', ...RT, '--store', freshStore(), inTime]);
    expect(text.stdout).not.toMatch(/Late records/);
  });
});
