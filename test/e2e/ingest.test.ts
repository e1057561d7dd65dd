import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Finding } from '../../functions/detect/types.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { recordTimeMicros } from '../../functions/shared/time.js';
import { cli } from '../cli/run-cli.js';
import { localClients } from '../support/local-aws/clients.js';
import { createStream } from '../support/local-aws/resources.js';
import { localAwsEnv } from '../support/local-aws/servers.js';
import { createAlertTable, createStateTable } from '../support/local-aws/tables.js';
import { Faults, type FaultKind } from './support/faults.js';
import { pollStream, type Invocation } from './support/poller.js';
import { E2E_CONFIG, shipments, type Shipment } from './support/shipper.js';
import { downloadBucket, queryStore } from './support/tables.js';

const endpoints = inject('localAws');
const aws = localClients(endpoints);
const NAMES = { stream: 'e2e-ingest', bucket: 'e2e-tables', state: 'e2e-state', alerts: 'e2e-alerts', topic: 'e2e-alerts', queue: 'e2e-pages' };
/** Shard 0's hash range starts at 0, shard 1's at 2^127 (two shards split the 128-bit space evenly). */
const HASH_KEY = ['0', (2n ** 127n).toString()];

interface Page {
  subject: string;
  message: string;
  attributes: Record<string, string>;
  finding: Finding;
  /** Index of the invocation after which it was received. */
  invocation: number;
}

describe('Kinesis -> handler -> S3 Parquet, DynamoDB state, SNS -> SQS (local stand-ins)', () => {
  const shipped: Shipment[] = shipments();
  const seqOf = new Map<string, Shipment>();
  const pages: Page[] = [];
  const emf: string[] = [];
  let invocations: Invocation[] = [];
  let faults: Faults;
  let queueUrl = '';
  let query: (sql: string) => Promise<Record<string, unknown>[]>;
  let bucket: { dir: string; keys: string[] };

  beforeAll(async () => {
    const stream = await createStream(aws.kinesis, NAMES.stream, 2);
    await aws.s3.send(new CreateBucketCommand({ Bucket: NAMES.bucket }));
    await createStateTable(aws.dynamodb, NAMES.state);
    await createAlertTable(aws.dynamodb, NAMES.alerts);
    const topic = await aws.sns.send(new CreateTopicCommand({ Name: NAMES.topic }));
    queueUrl = (await aws.sqs.send(new CreateQueueCommand({ QueueName: NAMES.queue }))).QueueUrl!;
    const arn = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
    await aws.sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: arn }));

    // The shipper.
    for (const s of shipped) {
      const put = await aws.kinesis.send(
        new PutRecordCommand({ StreamName: NAMES.stream, PartitionKey: s.kind, ExplicitHashKey: HASH_KEY[s.shard], Data: s.data }),
      );
      expect(put.ShardId).toBe(`shardId-00000000000${s.shard}`);
      seqOf.set(put.SequenceNumber!, s);
    }

    // The function's environment, as CDK sets it; then the bundle entry is imported (cold start).
    Object.assign(process.env, localAwsEnv(endpoints), {
      LOGSIFT_TABLES_BUCKET: NAMES.bucket,
      LOGSIFT_STATE_TABLE: NAMES.state,
      LOGSIFT_ALERT_TABLE: NAMES.alerts,
      LOGSIFT_ALERT_TOPIC_ARN: topic.TopicArn!,
      LOGSIFT_CONFIG: JSON.stringify(E2E_CONFIG),
      LOGSIFT_S3_MAX_ATTEMPTS: '3',
      POWERTOOLS_LOG_LEVEL: 'SILENT', // the failures forced here are expected
    });
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      const text = String(chunk);
      if (text.includes('"_aws"')) emf.push(text);
      return true;
    });
    const { handler, runtime } = await import('../../functions/ingest/handler.js');
    faults = new Faults({ state: NAMES.state, alerts: NAMES.alerts });
    faults.install(runtime);

    // Which fault each delivery gets: [shard, batch index, attempt] -> fault.
    const plan = new Map<string, FaultKind>([
      ['shardId-000000000001:0:1', 's3-write-fails-mid-batch'],
      ['shardId-000000000001:0:2', 'sns-publish-fails'],
      ['shardId-000000000000:1:1', 'crash-before-state-commit'],
    ]);
    const batchStarts = new Map<string, number>();
    let churnCrashArmed = false;
    try {
      invocations = await pollStream(aws.kinesis, handler as never, {
        streamName: NAMES.stream,
        streamArn: stream.StreamARN!,
        batchSize: 4,
        bisectOnFunctionError: true,
        beforeInvoke: ({ shardId, records, attempt }) => {
          const first = records[0].kinesis.sequenceNumber;
          if (!batchStarts.has(`${shardId}:${first}`)) batchStarts.set(`${shardId}:${first}`, batchStarts.size);
          const index = [...batchStarts.keys()].filter((k) => k.startsWith(shardId)).indexOf(`${shardId}:${first}`);
          // Shard 0: the first delivery that would page (the churn) dies after its state commit.
          const churnCrash = shardId === 'shardId-000000000000' && !churnCrashArmed && attempt === 1 ? 'crash-before-alerts' : null;
          const planned = plan.get(`${shardId}:${index}:${attempt}`);
          plan.delete(`${shardId}:${index}:${attempt}`); // once: a redelivery of the batch runs clean
          faults.arm(planned ?? churnCrash);
        },
        crashed: () => {
          const died = faults.crashed();
          if (died && faults.fired.at(-1) === 'crash-before-alerts') churnCrashArmed = true;
          return died;
        },
        afterInvoke: async (index) => {
          for (const p of await drainQueue()) pages.push({ ...p, invocation: index });
        },
        redeliver: (shardId, batchIndex) => shardId === 'shardId-000000000001' && batchIndex === 0,
      });
    } finally {
      stdout.mockRestore();
    }
    bucket = await downloadBucket(aws.s3, NAMES.bucket);
    query = await queryStore(bucket.dir);
  });

  afterAll(() => vi.restoreAllMocks());

  /** Everything in the queue now: SNS envelopes (subject, message, attributes). */
  async function drainQueue(): Promise<Omit<Page, 'invocation'>[]> {
    const out: Omit<Page, 'invocation'>[] = [];
    for (;;) {
      const got = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const msgs = got.Messages ?? [];
      if (msgs.length === 0) return out;
      for (const m of msgs) {
        const env = JSON.parse(m.Body!) as { Subject: string; Message: string; MessageAttributes: Record<string, { Value: string }> };
        const json = env.Message.slice(env.Message.indexOf('Finding (JSON):\n') + 'Finding (JSON):\n'.length);
        out.push({
          subject: env.Subject,
          message: env.Message,
          attributes: Object.fromEntries(Object.entries(env.MessageAttributes ?? {}).map(([k, v]) => [k, v.Value])),
          finding: JSON.parse(json) as Finding,
        });
      }
      await aws.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  }

  it('ran every forced fault, and the poller retried as Lambda does', () => {
    expect(new Set(faults.fired)).toEqual(new Set(['s3-write-fails-mid-batch', 'crash-before-state-commit', 'crash-before-alerts', 'sns-publish-fails']));
    // The S3 write was tried LOGSIFT_S3_MAX_ATTEMPTS times (SDK backoff with jitter), then the batch was reported.
    expect(faults.failedS3Attempts).toBe(3);
    const partial = invocations.filter((i) => i.outcome === 'partial-failure');
    expect(partial.length).toBe(2); // the S3 write and the SNS publish
    for (const p of partial) expect(p.retryFrom).toBe(p.sequenceNumbers[0]);
    expect(invocations.filter((i) => i.outcome === 'function-error')).toHaveLength(2);
    // A function error with bisect on: the next two deliveries are the halves.
    const crashed = invocations.findIndex((i) => i.outcome === 'function-error');
    const [a, b] = [invocations[crashed + 1], invocations[crashed + 2]];
    expect([...a.sequenceNumbers, ...b.sequenceNumbers]).toEqual(invocations[crashed].sequenceNumbers);
    expect(a.sequenceNumbers.length).toBeGreaterThan(0);
    expect(b.sequenceNumbers.length).toBeGreaterThan(0);
  });

  /** event_ids of the garbage rows: quarantine rows whose bytes are a garbage shipment's. */
  async function garbageIds(): Promise<Set<string>> {
    const garbage = new Set(shipped.filter((s) => s.plainLines === null).map((g) => g.data.toString('hex')));
    const q = await query(`SELECT event_id, raw FROM quarantine`);
    return new Set(q.filter((r) => garbage.has(Buffer.from(r.raw as Uint8Array).toString('hex'))).map((r) => r.event_id as string));
  }

  it('has every event exactly once by event_id, with the fields `logsift parse` gives for the same input', async () => {
    const rows = await query(
      `SELECT event_id, epoch_us(time) AS time_us, host, cluster, source_format, app, procid, pid, unit, facility, severity,
              facility_received, severity_received, corrections, msgid, message, message_encoding, parse_error
       FROM (SELECT * FROM logs UNION ALL BY NAME SELECT * FROM logs_auth)`,
    );
    const ids = rows.map((r) => r.event_id as string);
    expect(new Set(ids).size).toBe(ids.length);

    const config = join(tmpdir(), `logsift-e2e-config-${process.pid}.json`);
    writeFileSync(config, JSON.stringify(E2E_CONFIG));
    const input = shipped.flatMap((s) => s.plainLines ?? []).join('\n') + '\n';
    const parsed = await cli(['parse', '--received-time', new Date().toISOString(), '--config', config, '-'], input);
    expect(parsed.code).toBe(0);
    const expected = (parsed.lines as LogRecord[]).map((r) => ({
      time_us: r.time === null ? null : String(recordTimeMicros(r.time)),
      host: r.host, cluster: r.cluster, source_format: r.source_format, app: r.app, procid: r.procid, pid: r.pid, unit: r.unit,
      facility: r.facility, severity: r.severity, facility_received: r.facility_received, severity_received: r.severity_received,
      corrections: r.corrections, msgid: r.msgid, message: r.message, message_encoding: r.message_encoding, parse_error: r.parse_error,
    }));
    const garbage = await garbageIds();
    expect(garbage.size).toBe(shipped.filter((s) => s.plainLines === null).length);
    const shippedRows = rows
      .filter((r) => !garbage.has(r.event_id as string))
      .map(({ event_id: _id, time_us, ...rest }) => ({
        time_us: time_us === null ? null : String(time_us),
        ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
      }));
    const sort = (xs: object[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(shippedRows.length).toBe(expected.length);
    expect(sort(shippedRows)).toEqual(sort(expected));
  });

  it('keeps the garbage in quarantine with its bytes, and every parse error beside it', async () => {
    const q = await query(`SELECT event_id, raw, error, source_identity FROM quarantine`);
    const garbage = shipped.filter((s) => s.plainLines === null);
    const raws = q.map((r) => Buffer.from(r.raw as Uint8Array).toString('hex'));
    for (const g of garbage) expect(raws.filter((r) => r === g.data.toString('hex'))).toHaveLength(1);
    for (const r of q) {
      expect(r.error).toMatch(/\S/);
      expect(r.source_identity).toMatch(/^kinesis:shardId-00000000000[01]:\d+:\d+:\d+$/);
    }
    // Each quarantined event is also in logs once (with its parse_error), and nothing else is.
    const inLogs = await query(`SELECT event_id FROM logs WHERE parse_error IS NOT NULL UNION ALL SELECT event_id FROM logs_auth WHERE parse_error IS NOT NULL`);
    expect(inLogs.map((r) => r.event_id).sort()).toEqual(q.map((r) => r.event_id).sort());
  });

  it("pages each incident exactly once, with its attributes, and the churn in the batch that crossed the threshold", async () => {
    const ids = pages.map((p) => p.finding.finding_id);
    expect(new Set(ids).size).toBe(ids.length);
    const byType = (t: string) => pages.filter((p) => p.finding.type === t);
    expect(byType('etcd_leader_churn').map((p) => p.finding.cluster).sort()).toEqual(['prod', 'prod-eu']);
    expect(byType('oom_kill').length).toBeGreaterThanOrEqual(1);
    const ca = byType('cert_expired').find((p) => p.finding.host === 'web-1');
    expect(ca?.finding.details.scope).toBe('issuer');
    for (const p of pages) {
      expect(p.attributes).toEqual({ type: p.finding.type, severity: p.finding.severity, cluster: p.finding.cluster ?? 'none' });
      expect(p.subject).toContain(p.finding.type);
    }
    expect(ca?.attributes.cluster).toBe('edge');

    // The churn paged at the crossing (4 changes), during the delivery of the batch holding the 4th change.
    const churn = byType('etcd_leader_churn').find((p) => p.finding.cluster === 'prod')!;
    expect(churn.finding.details.changes).toBe(churn.finding.details.min_changes);
    const inv = invocations[churn.invocation];
    const crossing = [...seqOf].find(([, s]) => s.shard === 0 && s.plainLines![0].includes(`"__REALTIME_TIMESTAMP":"${String(recordTimeMicros(churn.finding.details.last_change as string))}"`));
    expect(crossing).toBeDefined();
    const batchOf = invocations.find((i) => i.shardId === 'shardId-000000000000' && i.sequenceNumbers.includes(crossing![0]))!;
    expect(inv.sequenceNumbers[0]).toBe(batchOf.sequenceNumbers[0]);
  });

  it("writes each paged finding's HTML page under reports/findings/<finding_id>.html, and the page names it", async () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      const key = `reports/findings/${p.finding.finding_id}.html`;
      expect(bucket.keys).toContain(key);
      expect(p.message).toContain(`Page: s3://${NAMES.bucket}/${key}`);
      expect(p.message).toContain(`Console: https://s3.console.aws.amazon.com/s3/object/${NAMES.bucket}?`);
      const html = readFileSync(join(bucket.dir, key), 'utf8');
      expect(html).toContain(`<section class="finding sev-${p.finding.severity}" id="${p.finding.finding_id}"`);
      const head = await aws.s3.send(new HeadObjectCommand({ Bucket: NAMES.bucket, Key: key }));
      expect(head.ContentType).toBe('text/html; charset=utf-8');
    }
  });

  it('keeps every version of the growing churn finding, and the findings view shows the latest once', async () => {
    const latest = await query(`SELECT finding_id, type, evidence_count FROM findings_latest`);
    expect(new Set(latest.map((r) => r.finding_id)).size).toBe(latest.length);
    const paged = pages.find((p) => p.finding.type === 'etcd_leader_churn' && p.finding.cluster === 'prod')!;
    const churn = latest.filter((r) => r.finding_id === paged.finding.finding_id);
    expect(churn).toHaveLength(1);
    // The table itself keeps the versions: the one paged early and the grown one.
    const versions = await query(`SELECT evidence_count FROM findings WHERE finding_id = '${paged.finding.finding_id}'`);
    expect(versions.length).toBeGreaterThan(1);
    expect(Number(churn[0].evidence_count)).toBeGreaterThan(paged.finding.evidence.length);
  });

  it('emits the EMF metrics', () => {
    const names = new Set(emf.flatMap((line) => [...line.matchAll(/"Name":"([A-Za-z]+)"/g)].map((m) => m[1])));
    for (const n of ['RecordsIn', 'EventsOut', 'ParseErrors', 'Quarantined', 'BytesIn', 'Corrections', 'Findings', 'AlertsSent', 'AlertsSuppressed', 'IteratorAgeMs', 'LateRecords']) {
      expect(names).toContain(n);
    }
  });
});
