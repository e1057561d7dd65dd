import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFramer } from '../../functions/decode/framer.js';
import type { Finding } from '../../functions/detect/types.js';
import { recordMaker } from '../../functions/pipeline/record-stream.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { findingSchema, quarantineSchema, recordSchema, validateQuarantine } from '../../functions/shared/schemas.js';
import { encodeParquet, type Row } from '../../functions/sinks/parquet-encode.js';
import { kindOf, parquetSchema, TABLE_NAMES, TABLES, type Column, type TableName } from '../../functions/sinks/table-schema.js';
import { corpusPath } from '../support/corpora.js';

const dir = mkdtempSync(join(tmpdir(), 'logsift-schema-'));
let db: DuckDBConnection;
beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run("SET TimeZone = 'UTC'");
});
afterAll(() => db.closeSync());

const rowsOf = async (sql: string): Promise<Record<string, unknown>[]> => (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];

type Props = Record<string, { 'x-athena-type'?: string }>;
const SOURCES: Record<TableName, { properties: Props; 'x-table-columns'?: Props }> = {
  logs: recordSchema as never,
  logs_auth: recordSchema as never,
  quarantine: quarantineSchema as never,
  findings: findingSchema as never,
};

/** Records of every source format, with maps, lists, nulls, parse errors and non-UTF-8 bytes. */
function sampleRecords(): LogRecord[] {
  const files = ['journald-beats/sample-journal-event.json', 'journald-beats/corner-cases.json', 'journald-beats/input-multiline-parser.export'];
  const lines = [
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] An application event',
    '<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8',
    'a plain line with no header',
    '<999>1 broken',
    Buffer.from([0x3c, 0x31, 0x34, 0x3e, 0xff, 0xfe, 0x00, 0x41]).toString('latin1'),
  ];
  const out: LogRecord[] = [];
  const make = (source: string, data: Buffer) => {
    const framer = createFramer({ framing: 'lines', format: 'auto', maxEventBytes: 1 << 20, source });
    const opts = { source, format: 'auto' as const, framing: 'lines' as const, receivedTime: new Date('2026-11-26T02:00:00.123Z'), config: DEFAULT_CONFIG };
    out.push(...recordMaker(opts)([...framer.push(data), ...framer.end()]));
  };
  for (const f of files) make(f, readFileSync(corpusPath(f)));
  make('lines', Buffer.from(lines.join('\n') + '\n', 'latin1'));
  return out;
}

const finding: Finding & Row = {
  finding_id: '0123456789abcdef0123456789abcdef',
  type: 'etcd_leader_churn',
  severity: 'warning',
  time: '2026-11-26T10:00:00.200000Z',
  time_end: '2026-11-26T10:05:30.250001Z',
  host: null,
  cluster: 'prod',
  summary: 'etcd: 4 leader changes',
  details: { changes: 4, terms: [8, 11], cause: { kind: 'disk', hosts: ['cp1'] } },
  evidence: ['aa'.repeat(16), 'bb'.repeat(16)],
  remediation: 'Check disk latency.',
  status: 'open',
  last_seen: '2026-11-26T10:05:30.250001Z',
  evidence_count: 2,
  written_at: '2026-11-29T00:00:00.000001Z',
};

const quarantined: Row = {
  event_id: 'cc'.repeat(16),
  time: null,
  received_time: '2026-11-26T02:00:00.123000Z',
  host: null,
  source_format: 'rfc5424',
  source_identity: 'kinesis:shardId-000000000001:4960:0:3',
  error: 'RFC 5424: PRI is not 0..191',
  raw: Buffer.from([0x3c, 0x39, 0x39, 0x39, 0x3e, 0xff, 0x00]),
  raw_size: 7,
};

/** A column read back as the JSON value the row had (timestamps as record times, bytes as base64). */
function readBack(c: Column): string {
  const q = `"${c.name}"`;
  switch (c.kind) {
    case 'timestamp':
      return `strftime(${q}, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${q}`;
    case 'string_map':
    case 'string_map_map':
    case 'string_list':
      return `to_json(${q})::VARCHAR AS ${q}`;
    case 'binary':
      return `to_base64(${q}) AS ${q}`;
    case 'int64':
      return `${q}::DOUBLE AS ${q}`;
    default:
      return q;
  }
}

function expected(c: Column, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (c.kind === 'string_map' || c.kind === 'string_map_map' || c.kind === 'string_list') return v;
  if (c.kind === 'json') return v;
  if (c.kind === 'binary') return Buffer.from(v as Uint8Array).toString('base64');
  return v;
}

function actual(c: Column, v: unknown): unknown {
  if (v === null) return null;
  if (c.kind === 'string_map' || c.kind === 'string_map_map' || c.kind === 'string_list' || c.kind === 'json') return JSON.parse(String(v));
  return v;
}

async function roundTrip(table: TableName, rows: Row[]): Promise<void> {
  const file = join(dir, `${table}.parquet`);
  writeFileSync(file, encodeParquet(TABLES[table], rows));
  const cols = TABLES[table].columns;

  // The file's Parquet schema is the generated one, element by element.
  const fileSchema = await rowsOf(`SELECT name, type, repetition_type, converted_type, num_children FROM parquet_schema('${file}')`);
  const generated = parquetSchema(TABLES[table]).map((e) => ({
    name: e.name,
    type: e.type ?? null,
    repetition_type: e.repetition_type ?? null,
    converted_type: e.converted_type ?? null,
    num_children: e.num_children === undefined ? null : String(e.num_children),
  }));
  expect(fileSchema).toEqual(generated);

  // DuckDB reads each column as the generated DuckDB type.
  const described = await rowsOf(`DESCRIBE SELECT * FROM '${file}'`);
  expect(described.map((d) => [d.column_name, d.column_type])).toEqual(cols.map((c) => [c.name, c.duckdbType]));

  // Every value comes back as written.
  const back = await rowsOf(`SELECT ${cols.map(readBack).join(', ')} FROM '${file}'`);
  expect(back).toHaveLength(rows.length);
  back.forEach((got, i) => {
    for (const c of cols) expect(actual(c, got[c.name]), `${table} row ${i} ${c.name}`).toEqual(expected(c, rows[i][c.name]));
  });
}

describe('table schemas generated from schemas/*.schema.json', () => {
  it('have one column per schema property, in schema order, plus the table columns the schema declares', () => {
    for (const t of TABLE_NAMES) {
      const s = SOURCES[t];
      expect(TABLES[t].columns.map((c) => c.name), t).toEqual([...Object.keys(s.properties), ...Object.keys(s['x-table-columns'] ?? {})]);
    }
    expect(TABLES.logs_auth.columns).toEqual(TABLES.logs.columns);
    expect(TABLES.findings.columns.map((c) => c.name)).toContain('evidence_count');
  });

  it('agree with every x-athena-type hint, and make times timestamps and integers integers', () => {
    for (const t of TABLE_NAMES) {
      const props = { ...SOURCES[t].properties, ...SOURCES[t]['x-table-columns'] };
      for (const c of TABLES[t].columns) {
        const hint = props[c.name]['x-athena-type'];
        if (hint !== undefined) expect(c.athenaType, `${t}.${c.name}`).toBe(hint);
      }
    }
    const logs = Object.fromEntries(TABLES.logs.columns.map((c) => [c.name, c]));
    for (const n of ['time', 'received_time']) expect([logs[n].kind, logs[n].duckdbType, logs[n].athenaType]).toEqual(['timestamp', 'TIMESTAMP WITH TIME ZONE', 'timestamp']);
    for (const n of ['facility', 'severity', 'facility_received', 'severity_received', 'version']) expect(logs[n].kind).toBe('int32');
    expect(logs.pid.kind).toBe('int64');
    expect([logs.fields.athenaType, logs.structured_data.athenaType, logs.corrections.athenaType]).toEqual(['map<string,string>', 'map<string,map<string,string>>', 'array<string>']);
    expect(TABLES.findings.columns.find((c) => c.name === 'details')?.kind).toBe('json');
    expect(TABLES.quarantine.columns.find((c) => c.name === 'raw')?.athenaType).toBe('binary');
  });

  it('refuse a property shape no column kind fits', () => {
    expect(() => kindOf('x', { type: 'array', items: { type: 'object' } })).toThrow(/arrays of strings/);
    expect(() => kindOf('x', { type: 'object' })).toThrow(/object column/);
    expect(() => kindOf('x', { type: 'number' })).toThrow(/no column kind/);
  });

  it('logs: Parquet schema, DuckDB types and every value of real records agree', async () => {
    const records = sampleRecords();
    expect(new Set(records.map((r) => r.source_format)).size).toBeGreaterThanOrEqual(4);
    expect(records.some((r) => r.structured_data !== null && Object.keys(r.fields).length === 0)).toBe(true);
    expect(records.some((r) => Object.keys(r.fields).length > 5)).toBe(true);
    expect(records.some((r) => r.parse_error !== null && r.time === null)).toBe(true);
    await roundTrip('logs', records as unknown as Row[]);
  });

  it('findings: details as JSON text, evidence as a list, version columns', async () => {
    await roundTrip('findings', [finding, { ...finding, host: 'cp1', cluster: null, details: {}, evidence: ['dd'.repeat(16)], evidence_count: 1 }]);
  });

  it('quarantine: raw bytes kept exactly, rows valid against schemas/quarantine.schema.json', async () => {
    const asJson = { ...quarantined, raw: Buffer.from(quarantined.raw as Buffer).toString('base64') };
    expect(validateQuarantine(asJson)).toBe(true);
    await roundTrip('quarantine', [quarantined, { ...quarantined, time: '2026-11-26T01:59:59.999999Z', host: 'h', raw: Buffer.alloc(0), raw_size: 0 }]);
  });

  it('an empty batch is a valid file with the full schema', async () => {
    await roundTrip('logs', []);
  });
});
