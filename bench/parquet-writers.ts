/**
 * `npm run bench:parquet-writers`: the measurement the Parquet writer was chosen by (docs/tables.md).
 * The same 10,000 records (journald JSON and mixed syslog) are written as the `logs` table by
 * hyparquet-writer, @dsnp/parquetjs and parquet-wasm, each with Snappy: time per 10k records
 * (best of N rounds, alternating, one core), file size, esbuild-minified bundle size (plus the
 * .wasm the bundle loads), and what DuckDB reads back for the time, map and list columns.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import parquet from '@dsnp/parquetjs';
import { DuckDBInstance } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { build } from 'esbuild';
import * as pw from 'parquet-wasm';
import { buildRecord } from '../functions/pipeline/build-record.js';
import { parseContextFor } from '../functions/pipeline/parse-context.js';
import { parseEvent } from '../functions/parse/parse-event.js';
import { DEFAULT_CONFIG } from '../functions/shared/config.js';
import type { LogRecord } from '../functions/shared/record.js';
import { recordTimeMicros } from '../functions/shared/time.js';
import { encodeParquet } from '../functions/sinks/parquet-encode.js';
import { TABLES } from '../functions/sinks/table-schema.js';
import { journaldLines, mixedLines } from './inputs.js';
import { compare } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const N = 10_000;
const received = new Date('2026-11-26T02:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);
const lines = [...journaldLines(N / 2), ...mixedLines(N / 2)];
const records: LogRecord[] = lines.map((l, i) => {
  const raw = { data: Buffer.from(l), identity: `bench:${i}`, receivedTime: received };
  return buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG);
});

// --- hyparquet-writer: the table schema from schemas/ (what logsift ships).
// Snappy here, as the other writers, for a like-for-like comparison (logsift writes GZIP: docs/tables.md).
const hyparquet = (): Uint8Array => encodeParquet(TABLES.logs, records as unknown as Record<string, unknown>[], 'SNAPPY');

// --- @dsnp/parquetjs: no MAP or LIST logical types; maps as repeated key/value groups, lists as repeated fields.
const pjSchema = new parquet.ParquetSchema({
  event_id: { type: 'UTF8', compression: 'SNAPPY' },
  time: { type: 'TIMESTAMP_MICROS', optional: true, compression: 'SNAPPY' },
  received_time: { type: 'TIMESTAMP_MICROS', compression: 'SNAPPY' },
  host: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  cluster: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  source_format: { type: 'UTF8', compression: 'SNAPPY' },
  transport: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  app: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  procid: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  pid: { type: 'INT64', optional: true, compression: 'SNAPPY' },
  unit: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  facility: { type: 'INT32', compression: 'SNAPPY' },
  facility_name: { type: 'UTF8', compression: 'SNAPPY' },
  severity: { type: 'INT32', compression: 'SNAPPY' },
  severity_name: { type: 'UTF8', compression: 'SNAPPY' },
  facility_received: { type: 'INT32', optional: true, compression: 'SNAPPY' },
  severity_received: { type: 'INT32', optional: true, compression: 'SNAPPY' },
  corrections: { type: 'UTF8', repeated: true, compression: 'SNAPPY' },
  msgid: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  structured_data: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  message: { type: 'UTF8', compression: 'SNAPPY' },
  message_encoding: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  parse_error: { type: 'UTF8', optional: true, compression: 'SNAPPY' },
  version: { type: 'INT32', optional: true, compression: 'SNAPPY' },
  fields: { repeated: true, fields: { key: { type: 'UTF8', compression: 'SNAPPY' }, value: { type: 'UTF8', compression: 'SNAPPY' } } },
});

async function parquetjs(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } });
  const writer = await parquet.ParquetWriter.openStream(pjSchema, sink as unknown as Parameters<typeof parquet.ParquetWriter.openStream>[1], { rowGroupSize: N });
  for (const r of records) {
    await writer.appendRow({
      ...r,
      time: r.time === null ? null : recordTimeMicros(r.time),
      received_time: recordTimeMicros(r.received_time),
      structured_data: r.structured_data === null ? null : JSON.stringify(r.structured_data),
      fields: Object.entries(r.fields).map(([key, value]) => ({ key, value })),
    });
  }
  await writer.close();
  return Buffer.concat(chunks);
}

// --- parquet-wasm: an Arrow table built with apache-arrow, handed over as IPC.
const utf8 = new arrow.Utf8();
// apache-arrow's Map_ typing wants Field<never>; the runtime takes any struct of key and value.
const entries = (value: arrow.DataType): arrow.Field<never> =>
  new arrow.Field('entries', new arrow.Struct([new arrow.Field('key', utf8, false), new arrow.Field('value', value, true)]), false) as unknown as arrow.Field<never>;
const strMap = () => new arrow.Map_(entries(utf8));
const arrowSchemaFields = [
  ...['event_id'].map((n) => new arrow.Field(n, utf8, false)),
  new arrow.Field('time', new arrow.TimestampMicrosecond('UTC'), true),
  new arrow.Field('received_time', new arrow.TimestampMicrosecond('UTC'), false),
  ...['host', 'cluster', 'source_format', 'transport', 'app', 'procid'].map((n) => new arrow.Field(n, utf8, true)),
  new arrow.Field('pid', new arrow.Int64(), true),
  new arrow.Field('unit', utf8, true),
  new arrow.Field('facility', new arrow.Int32(), false),
  new arrow.Field('facility_name', utf8, false),
  new arrow.Field('severity', new arrow.Int32(), false),
  new arrow.Field('severity_name', utf8, false),
  new arrow.Field('facility_received', new arrow.Int32(), true),
  new arrow.Field('severity_received', new arrow.Int32(), true),
  new arrow.Field('corrections', new arrow.List(new arrow.Field('element', utf8, false)), false),
  new arrow.Field('msgid', utf8, true),
  new arrow.Field('structured_data', new arrow.Map_(entries(strMap())), true),
  new arrow.Field('message', utf8, false),
  new arrow.Field('message_encoding', utf8, true),
  new arrow.Field('parse_error', utf8, true),
  new arrow.Field('version', new arrow.Int32(), true),
  new arrow.Field('fields', strMap(), false),
];
const arrowSchema = new arrow.Schema(arrowSchemaFields);

function parquetWasm(): Uint8Array {
  const columns: Record<string, arrow.Vector> = {};
  for (const f of arrowSchemaFields) {
    const b = arrow.makeBuilder({ type: f.type as arrow.DataType, nullValues: [null, undefined] }) as arrow.Builder<arrow.DataType>;
    for (const r of records) {
      const v = (r as unknown as Record<string, unknown>)[f.name];
      if (v === null || v === undefined) b.append(null);
      else if (f.type instanceof arrow.Timestamp) b.append(Number(recordTimeMicros(v as string)) / 1000);
      else if (f.type instanceof arrow.Map_) b.append(new Map(Object.entries(v as object).map(([k, x]) => [k, typeof x === 'object' ? new Map(Object.entries(x as object)) : x])));
      else if (f.type instanceof arrow.Int64) b.append(BigInt(v as number));
      else b.append(v);
    }
    columns[f.name] = b.finish().toVector();
  }
  const table = new arrow.Table(arrowSchema, columns);
  const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
  return pw.writeParquet(wasmTable, props);
}

const require = createRequire(import.meta.url);
async function bundleBytes(entry: string): Promise<number> {
  const out = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  return out.outputFiles.reduce((s, f) => s + f.contents.length, 0);
}

async function duckdbReadBack(file: string): Promise<string> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const types = (await db.runAndReadAll(`select column_name, column_type from (describe select * from '${file}') where column_name in ('time', 'fields', 'corrections')`)).getRows();
  const t = Object.fromEntries(types.map(([n, ty]) => [String(n), String(ty)]));
  let mapAccess = 'no';
  try {
    const r = await db.runAndReadAll(`select count(*) from '${file}' where fields['_BOOT_ID'] is not null`);
    mapAccess = `yes (${String(r.getRows()[0][0])} rows)`;
  } catch (err) {
    mapAccess = `no: ${(err as Error).message.split('\n')[0].slice(0, 60)}`;
  }
  return `time ${t.time}; fields ${t.fields}; corrections ${t.corrections}; fields['_BOOT_ID'] ${mapAccess}`;
}

const dir = mkdtempSync(join(tmpdir(), 'logsift-pq-'));
const outputs = { hyparquet: hyparquet(), parquetjs: await parquetjs(), wasm: parquetWasm() };
const ms = await compare(N, ROUNDS, [() => void hyparquet(), async () => void (await parquetjs()), () => void parquetWasm()]);
const wasmFile = join(require.resolve('parquet-wasm/node/parquet_wasm_bg.wasm'));
const bundles = {
  hyparquet: await bundleBytes(`import { parquetWriteBuffer } from 'hyparquet-writer'; console.log(parquetWriteBuffer);`),
  parquetjs: await bundleBytes(`import parquet from '@dsnp/parquetjs'; console.log(parquet.ParquetWriter);`),
  wasm: (await bundleBytes(`import { writeParquet } from 'parquet-wasm/node'; console.log(writeParquet);`)) + statSync(wasmFile).size,
};
const names = { hyparquet: 'hyparquet-writer 0.17.0', parquetjs: '@dsnp/parquetjs 1.8.9', wasm: 'parquet-wasm 0.8.0 (+ apache-arrow to build the table)' } as const;
const keys = ['hyparquet', 'parquetjs', 'wasm'] as const;

console.log(`\nnode ${process.version}, ${N} records (half journald JSON, half mixed syslog), Snappy, best of ${ROUNDS} alternating rounds, one core\n`);
console.log('| writer | ms per 10k records | file size | minified bundle | DuckDB reads back |');
console.log('|---|---:|---:|---:|---|');
for (let i = 0; i < keys.length; i++) {
  const k = keys[i];
  const file = join(dir, `${k}.parquet`);
  writeFileSync(file, outputs[k]);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`| ${names[k]} | ${((N / ms[i]) * 1000).toFixed(1)} | ${kb(outputs[k].length)} | ${kb(bundles[k])}${k === 'wasm' ? ' (incl. .wasm)' : ''} | ${await duckdbReadBack(file)} |`);
}
console.log(`\nNDJSON of the same records: ${(records.reduce((s, r) => s + JSON.stringify(r).length + 1, 0) / 1024).toFixed(0)} KiB`);
rmSync(dir, { recursive: true, force: true });
