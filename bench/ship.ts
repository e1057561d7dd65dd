/**
 * `npm run bench`, shipping part: how records pack (PUT payload units and cost per GB of journal,
 * per record size, with and without gzip), and `logsift ship`'s own throughput and CPU against
 * the kinesalite stand-in, next to a one-entry-per-record run of the same input (what shippers
 * that send one event per record do) measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { EntryReader } from '../functions/ship/entry-reader.js';
import { kinesisPutRecords } from '../functions/ship/kinesis-put.js';
import { KINESIS } from '../functions/ship/limits.js';
import { RecordBuilder, type ShipRecord } from '../functions/ship/record-builder.js';
import { SHIP_DEFAULTS, type ShipSettings } from '../functions/ship/ship-options.js';
import { runShip } from '../functions/ship/ship-run.js';
import { createStream } from '../test/support/local-aws/resources.js';
import { startLocalAws } from '../test/support/local-aws/servers.js';
import { exportEntryBytes } from './journal-source.js';

/** us-east-1 list prices used for the cost columns (aws.amazon.com/kinesis/data-streams/pricing). */
const PRICE = { provisionedPerMillionUnits: 0.014, onDemandPerGbIngested: 0.08 };
const GB = 1e9;

function journal(n: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) parts.push(exportEntryBytes(i));
  return Buffer.concat(parts);
}

/** Records the builder makes of `input` at one setting: PUT payload units and KB-rounded bytes per GB of journal. */
function packing(input: Buffer, recordBytes: number, gzip: boolean) {
  const records: ShipRecord[] = [];
  const builder = new RecordBuilder(recordBytes, gzip, (r) => records.push(r));
  const reader = new EntryReader();
  const entries = [...reader.push(input), ...reader.end()];
  for (const e of entries) builder.add(e, { cursor: e.cursor, realtimeUs: e.realtimeUs, bytes: e.data.length, acked: false });
  builder.closeAll();
  let units = 0;
  let kbRounded = 0;
  for (const r of records) {
    const size = r.data.length + Buffer.byteLength(r.partitionKey);
    units += Math.ceil(size / KINESIS.putPayloadUnitBytes);
    kbRounded += Math.ceil(size / 1024) * 1024;
  }
  const perGb = GB / input.length;
  return {
    records: records.length,
    entriesPerRecord: entries.length / records.length,
    bytesPerUnit: input.length / units,
    provisionedPerGb: units * perGb * (PRICE.provisionedPerMillionUnits / 1e6),
    onDemandPerGb: (kbRounded * perGb / GB) * PRICE.onDemandPerGbIngested,
  };
}

async function shipOnce(input: Buffer, endpoint: string, stream: string, over: Partial<ShipSettings>) {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-ship-'));
  try {
    const { put } = kinesisPutRecords({ stream, region: 'us-east-1', endpoint });
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65_536) chunks.push(input.subarray(i, i + 65_536));
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const out = await runShip({
      settings: { ...SHIP_DEFAULTS, stream, progressMs: 0, ...over },
      put,
      cursorFile: join(dir, 'cursor'),
      source: { kind: 'stdin', stream: Readable.from(chunks) },
      log: () => undefined,
      stop: new AbortController().signal,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    if (out.exitCode !== 0 || out.counters.acked !== out.counters.entries) throw new Error(`ship bench run failed: ${JSON.stringify(out.counters)}`);
    return { entriesPerS: out.counters.entries / seconds, mbPerS: input.length / 1e6 / seconds, cpuSPerGb: ((cpu.user + cpu.system) / 1e6) * (GB / input.length), records: out.counters.records };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function shipBench(entries: number): Promise<string[]> {
  const lines: string[] = [];
  const input = journal(entries);
  lines.push(`\nShip packing: ${entries} export entries (${(input.length / entries).toFixed(0)} B each); PUT payload unit ${KINESIS.putPayloadUnitBytes} B; prices us-east-1: provisioned $${PRICE.provisionedPerMillionUnits}/M units, on-demand $${PRICE.onDemandPerGbIngested}/GB (records rounded up to 1 KB)\n`);
  lines.push('| record target | gzip | records | entries/record | journal bytes per PUT unit | provisioned $/GB | on-demand $/GB |');
  lines.push('|---|---|---:|---:|---:|---:|---:|');
  for (const [label, bytes] of [['one entry', 1], ['25,000 B', 25_000 - 512], ['100,000 B (default)', SHIP_DEFAULTS.recordBytes], ['1 MiB', KINESIS.maxRecordBytes - 2048]] as const) {
    for (const gzip of [false, true]) {
      const p = packing(input, bytes, gzip);
      lines.push(`| ${label} | ${gzip ? 'yes' : 'no'} | ${p.records} | ${p.entriesPerRecord.toFixed(1)} | ${Math.round(p.bytesPerUnit)} | ${p.provisionedPerGb.toFixed(4)} | ${p.onDemandPerGb.toFixed(4)} |`);
    }
  }

  const aws = await startLocalAws(['kinesis']);
  try {
    const endpoint = aws.endpoints.kinesis;
    const admin = new KinesisClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, requestHandler: new NodeHttpHandler() });
    process.env.AWS_ACCESS_KEY_ID ??= 'bench';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
    const runs: [string, Partial<ShipSettings>][] = [
      ['defaults (100,000 B records, gzip)', {}],
      ['--no-gzip', { gzip: false }],
      ['baseline: one entry per record, no gzip', { recordBytes: 1, gzip: false }],
    ];
    const results = [];
    for (const [k, [, over]] of runs.entries()) {
      const stream = `bench-${k}`;
      await createStream(admin, stream, 4);
      results.push(await shipOnce(input, endpoint, stream, over));
    }
    const base = results[2];
    lines.push(`\nShip throughput against kinesalite (loopback, 4 shards), ${entries} entries from stdin; CPU is the shipper process only (user+sys)\n`);
    lines.push('| run | entries/s | MB/s | CPU s per GB | records | entries/s vs baseline |');
    lines.push('|---|---:|---:|---:|---:|---:|');
    results.forEach((r, k) => {
      lines.push(`| ${runs[k][0]} | ${Math.round(r.entriesPerS)} | ${r.mbPerS.toFixed(1)} | ${r.cpuSPerGb.toFixed(1)} | ${r.records} | ${(r.entriesPerS / base.entriesPerS).toFixed(2)}× |`);
    });
  } finally {
    await aws.stop();
  }
  return lines;
}
