import { gzipSync } from 'node:zlib';
import * as kinesisAgg from 'aws-kinesis-agg';
import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { MemoryAlertLedger } from '../../functions/alert/memory-ledger.js';
import { MemoryAlertPublisher } from '../../functions/alert/publisher.js';
import { sendAlerts } from '../../functions/alert/send-alerts.js';
import type { KinesisRecordInput } from '../../functions/decode/kinesis-record.js';
import { DetectionEngine } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { FindingsOutbox, outboxKey } from '../../functions/detect/state/findings-outbox.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import { kinesisRecordBatches } from '../../functions/pipeline/kinesis-records.js';
import { processKinesisBatch, type IngestDeps } from '../../functions/pipeline/process-kinesis-batch.js';
import { findingPageKey, writeFindingPages } from '../../functions/report/finding-pages.js';
import { routeRecord } from '../../functions/route/route-record.js';
import { DEFAULT_CONFIG, type LogsiftConfig } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { MemoryObjectStore } from '../../functions/sinks/object-store.js';
import { PARQUET_DECOMPRESSORS } from '../../functions/sinks/parquet-decompressors.js';
import { encodeParquet, type Row } from '../../functions/sinks/parquet-encode.js';
import { objectKey, partitionOf } from '../../functions/sinks/partition.js';
import { TABLES, type TableName } from '../../functions/sinks/table-schema.js';
import { ROWS_CHUNK } from '../../functions/sinks/table-objects.js';
import { quarantineRow } from '../../functions/sinks/quarantine-row.js';
import { writeBatch } from '../../functions/sinks/write-batch.js';

const { RecordAggregator } = kinesisAgg as unknown as {
  RecordAggregator: new () => { addUserRecord(r: { partitionKey: string; data: Buffer }): void; build(): { data: Buffer } };
};

const SHARD = 'shardId-000000000007';
const ARRIVAL = Date.parse('2026-11-26T12:00:00Z') / 1000;
const NOW = new Date(ARRIVAL * 1000);

/**
 * The batch as it ran before records were streamed: every record decoded into one array, then
 * routed and grouped (each object named after the Kinesis record of its first record) and
 * encoded, then every record through the detectors, then findings, pages with all the batch's
 * records, alerts. What the streamed handler writes must not differ from this.
 */
async function collectedBatch(input: readonly KinesisRecordInput[], deps: IngestDeps): Promise<{ findings: number; quarantined: number; objects: number; alerts: number }> {
  const first = input[0];
  const records: LogRecord[] = [];
  const sequences: string[] = [];
  for (const rec of input) {
    for (const batch of kinesisRecordBatches(rec, { config: deps.config })) {
      for (const r of batch) {
        records.push(r);
        sequences.push(rec.sequenceNumber);
      }
    }
  }
  const groups = new Map<string, { table: TableName; rows: Row[] }>();
  const keys = new Map<string, string>();
  const add = (table: TableName, r: LogRecord, row: Row, seq: string): void => {
    const p = partitionOf(r.time, r.received_time);
    const slot = `${table}/${p.dt}/${p.hour}`;
    let key = keys.get(slot);
    if (key === undefined) keys.set(slot, (key = objectKey(table, p, `${first.shardId}-${seq}`)));
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { table, rows: [] }));
    g.rows.push(row);
  };
  records.forEach((r, i) => {
    const route = routeRecord(r, deps.config.routes);
    if (route.logsTable !== null) add(route.logsTable, r, r as unknown as Row, sequences[i]);
    if (route.quarantine) add('quarantine', r, quarantineRow(r), sequences[i]);
  });
  let quarantined = 0;
  for (const [key, { table, rows }] of groups) {
    await deps.objects.put(key, encodeParquet(TABLES[table], rows));
    if (table === 'quarantine') quarantined += rows.length;
  }
  const outbox = await FindingsOutbox.open(deps.objects, outboxKey(first.shardId, first.sequenceNumber));
  const engine = new DetectionEngine(defaultDetectors(deps.config.detectors), deps.state, deps.config.detectors, { beforeCommit: (found) => outbox.record(found) });
  for (const r of records) engine.push(r);
  await engine.flush();
  const findings = outbox.findings();
  const objectId = `${first.shardId}-${first.sequenceNumber}`;
  const f = findings.length > 0 ? await writeBatch({ records: [], findings, objectId, routes: deps.config.routes, writtenAt: NOW }, deps.objects) : { objects: 0 };
  await writeFindingPages(findings, records, deps.objects, NOW);
  const alerts = await sendAlerts(findings, deps.ledger, deps.publisher, first.shardId, (x) => ({ key: findingPageKey(x.finding_id), ...deps.pages }));
  return { findings: findings.length, quarantined, objects: groups.size + f.objects, alerts: alerts.sent.length };
}

function deps(config: LogsiftConfig): IngestDeps & { objects: MemoryObjectStore; publisher: MemoryAlertPublisher } {
  return { config, objects: new MemoryObjectStore(), state: new MemoryStateStore(), ledger: new MemoryAlertLedger(), publisher: new MemoryAlertPublisher(), now: () => NOW, pages: { bucket: 'b' } };
}

const OOM = [
  '<4>Nov 26 01:10:00 w1 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999',
  '<4>Nov 26 01:10:00 w1 kernel: Memory cgroup out of memory: Killed process 4242 (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999',
];

/** One event's line: syslog at several hours and days (partitions), auth facility, journald, bad input (quarantine). */
const line = fc.oneof(
  fc.record({ h: fc.integer({ min: 0, max: 3 }), m: fc.integer({ min: 0, max: 59 }), app: fc.constantFrom('app', 'noisy', 'sshd') }).map(({ h, m, app }) => `<13>Nov 26 0${h}:${String(m).padStart(2, '0')}:00 w${m % 3} ${app}: line ${h} ${m}`),
  fc.record({ d: fc.integer({ min: 24, max: 26 }), h: fc.integer({ min: 10, max: 11 }) }).map(({ d, h }) => `<86>1 2026-11-${d}T${h}:05:00.000000Z w2 sshd 77 - - accepted ${d}`),
  fc.integer({ min: 0, max: 9 }).map((n) => JSON.stringify({ __REALTIME_TIMESTAMP: String(1795658400000000 + n * 1_000_000), MESSAGE: `journald ${n}`, _HOSTNAME: 'w1', PRIORITY: '6', _TRANSPORT: 'journal' })),
  fc.constantFrom('{"MESSAGE": "cut', '<999>not a priority', ''),
);

/** One Kinesis record: one line, several lines, bad bytes, the OOM pair, a KPL aggregate, or a CloudWatch envelope. */
const kinesisData = fc.oneof(
  { weight: 6, arbitrary: line.map((l) => Buffer.from(l + '\n')) },
  { weight: 2, arbitrary: fc.array(line, { minLength: 2, maxLength: 4 }).map((ls) => Buffer.from(ls.join('\n'))) },
  { weight: 1, arbitrary: fc.constant(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2])) },
  { weight: 1, arbitrary: fc.constant(Buffer.from(OOM.join('\n'))) },
  {
    weight: 1,
    arbitrary: fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => {
      const agg = new RecordAggregator();
      for (const l of ls) agg.addUserRecord({ partitionKey: 'p', data: Buffer.from(l) });
      return agg.build().data;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) =>
      gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: 'g', logStream: 's', subscriptionFilters: ['f'], logEvents: ls.map((message, i) => ({ id: `e${i}`, timestamp: ARRIVAL * 1000, message })) })),
    ),
  },
);

/** Short batches, and long ones that cross the TableObjects chunk more than once. */
const batchData = fc.oneof(fc.array(kinesisData, { minLength: 1, maxLength: 40 }), fc.array(kinesisData, { minLength: ROWS_CHUNK, maxLength: ROWS_CHUNK * 2 + 30 }));

const toInput = (data: Buffer[]): KinesisRecordInput[] =>
  data.map((d, i) => ({ data: d.toString('base64'), shardId: SHARD, sequenceNumber: String(49_000_000 + i), approximateArrivalTimestamp: ARRIVAL, partitionKey: 'p' }));

const ROUTES_WITH_RULES: LogsiftConfig = { ...DEFAULT_CONFIG, routes: { ...DEFAULT_CONFIG.routes, drop: [{ app: ['noisy'] }] } };

describe('streamed batch (fast-check)', () => {
  it('writes the same objects, keys and bytes, findings, pages and alerts as collecting the batch first', async () => {
    await fc.assert(
      fc.asyncProperty(batchData, fc.boolean(), async (data, rules) => {
        const config = rules ? ROUTES_WITH_RULES : DEFAULT_CONFIG;
        const input = toInput(data);
        const streamed = deps(config);
        const { retryFrom, report } = await processKinesisBatch(input, streamed);
        expect(retryFrom).toBeNull();
        const oracle = deps(config);
        const expected = await collectedBatch(input, oracle);
        // Same keys in the same order, the same bytes: the same rows and values.
        expect([...streamed.objects.objects.keys()]).toEqual([...oracle.objects.objects.keys()]);
        for (const [key, body] of oracle.objects.objects) expect(Buffer.from(streamed.objects.objects.get(key)!).equals(Buffer.from(body)), key).toBe(true);
        expect(streamed.publisher.published).toEqual(oracle.publisher.published);
        expect({ findings: report.findings.length, quarantined: report.quarantined, objects: report.objectsWritten, alerts: report.alertsSent }).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('holds several partitions, quarantine rows and a finding with its page in one batch', async () => {
    const lines = ['<13>Nov 26 01:00:00 w1 app: a', '<13>Nov 26 02:00:00 w1 app: b', '<86>1 2026-11-25T10:05:00.000000Z w2 sshd 77 - - accepted'];
    const data = [...lines.map((l) => Buffer.from(l)), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2]), Buffer.from(OOM.join('\n')), Buffer.from('<13>Nov 26 01:30:00 w1 app: c')];
    const d = deps(DEFAULT_CONFIG);
    const { report } = await processKinesisBatch(toInput(data), d);
    const keys = [...d.objects.objects.keys()];
    expect(keys.filter((k) => k.endsWith('.parquet'))).toEqual([
      `logs/dt=2026-11-26/hour=01/${SHARD}-49000000.parquet`,
      `logs/dt=2026-11-26/hour=02/${SHARD}-49000001.parquet`,
      `logs_auth/dt=2026-11-25/hour=10/${SHARD}-49000002.parquet`,
      // Bad input is a logs row (message as received) and a quarantine row (the raw bytes).
      `logs/dt=2026-11-26/hour=12/${SHARD}-49000003.parquet`,
      `quarantine/dt=2026-11-26/hour=12/${SHARD}-49000003.parquet`,
      `findings/dt=2026-11-26/hour=01/${SHARD}-49000000.parquet`,
    ]);
    const hour01 = await parquetReadObjects({ file: toArrayBuffer(d.objects.objects.get(keys[0])!), compressors: PARQUET_DECOMPRESSORS });
    expect(hour01.map((r) => r.message)).toEqual(['a', OOM[0].slice(OOM[0].indexOf('java')), OOM[1].slice(OOM[1].indexOf('Memory')), 'c']);
    expect(report).toMatchObject({ eventsOut: 7, parseErrors: 1, quarantined: 1, objectsWritten: 6, alertsSent: 1 });
    expect(keys).toContain(findingPageKey(report.findings[0].finding_id));
  });
});

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
