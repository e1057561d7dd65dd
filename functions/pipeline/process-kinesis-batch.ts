import type { AlertLedger } from '../alert/ledger.js';
import type { AlertPublisher } from '../alert/publisher.js';
import { sendAlerts } from '../alert/send-alerts.js';
import type { KinesisRecordInput } from '../decode/kinesis-record.js';
import { DetectionEngine } from '../detect/engine.js';
import { defaultDetectors } from '../detect/registry.js';
import { FindingsOutbox, outboxKey } from '../detect/state/findings-outbox.js';
import type { StateStore } from '../detect/types.js';
import type { LogsiftConfig } from '../shared/config.js';
import type { LogRecord } from '../shared/record.js';
import type { ObjectStore } from '../sinks/object-store.js';
import { TableObjects } from '../sinks/table-objects.js';
import { writeBatch } from '../sinks/write-batch.js';
import { findingPageKey, writeFindingPages } from '../report/finding-pages.js';
import { emptyReport, type BatchReport } from './batch-report.js';
import { kinesisRecords } from './kinesis-records.js';

/** What a batch runs against: S3 and DynamoDB in Lambda, memory in tests and the benchmark. */
export interface IngestDeps {
  config: LogsiftConfig;
  /** The tables bucket: Parquet objects and the findings outbox. */
  objects: ObjectStore;
  state: StateStore;
  ledger: AlertLedger;
  publisher: AlertPublisher;
  now?: () => Date;
  /** The tables bucket's name and region, for the S3 console link to each finding's page in alerts. */
  pages?: { bucket: string; region?: string };
}

export interface BatchResult {
  /** The record Lambda should retry from (the batch's first), or null when the batch succeeded. */
  retryFrom: string | null;
  report: BatchReport;
}

/**
 * One Kinesis batch (one shard, in sequence order), in the order that makes retries safe:
 * 1. decode, parse, correct (pure; bad input becomes records with parse_error, never an error),
 *    and stream each record on as it is made: routed into its table object's column builders,
 *    and through the detectors' rules (queued, nothing committed); then it is dropped, unless a
 *    detector queued it (the finding pages' evidence). Holding no batch of records keeps GC cheap;
 * 2. write the table objects, named after the first record each holds (replaced on retry);
 * 3. detect; each detector's findings go to the outbox, then its state is committed;
 * 4. write this batch's findings (outbox: what this or an earlier delivery emitted), and each
 *    one's HTML page (reports/findings/<finding_id>.html, replaced as the finding grows);
 * 5. page the new ones, naming their HTML page. Any failure stops the batch and asks Lambda to retry it from the start.
 * Stage timings: `decode_parse` includes routing, column building and the detectors' rules;
 * `write_records` is encoding and putting the objects; `detect_commit` the detectors' flush.
 */
export async function processKinesisBatch(input: readonly KinesisRecordInput[], deps: IngestDeps): Promise<BatchResult> {
  const first = input[0];
  const report = emptyReport(first?.shardId ?? 'none', first?.sequenceNumber ?? '');
  if (first === undefined) return { retryFrom: null, report };
  const now = deps.now ?? (() => new Date());
  const clock = stageClock(report);
  try {
    report.iteratorAgeMs = Math.max(0, now().getTime() - input.reduce((m, r) => Math.min(m, r.approximateArrivalTimestamp * 1000), Infinity));
    const outbox = await FindingsOutbox.open(deps.objects, outboxKey(first.shardId, first.sequenceNumber));
    const engine = new DetectionEngine(defaultDetectors(deps.config.detectors), deps.state, deps.config.detectors, {
      beforeCommit: (found) => outbox.record(found),
    });
    const objectId = `${first.shardId}-${first.sequenceNumber}`;
    const routes = deps.config.routes;
    const tables = new TableObjects({ objectId, routes });
    const stream = new RecordStream(tables, engine);
    decodeEach(input, deps.config, report, stream);
    const evidence = stream.evidence;
    clock('decode_parse');

    const written = await tables.finish(deps.objects);
    report.quarantined = written.rows.quarantine;
    report.objectsWritten += written.objects;
    clock('write_records');

    await engine.flush();
    report.lateRecords = engine.lateRecords;
    report.findings = outbox.findings();
    clock('detect_commit');

    if (report.findings.length > 0) {
      const f = await writeBatch({ records: [], findings: report.findings, objectId, routes, writtenAt: now() }, deps.objects);
      report.objectsWritten += f.objects;
    }
    clock('write_findings');

    // Evidence is always a record some detector queued: those are all the pages can name.
    await writeFindingPages(report.findings, evidence, deps.objects, now());
    clock('write_pages');

    const alerts = await sendAlerts(report.findings, deps.ledger, deps.publisher, first.shardId, (f) => ({ key: findingPageKey(f.finding_id), ...deps.pages }));
    report.alertsSent = alerts.sent.length;
    report.alertsSuppressed = alerts.suppressed.length;
    clock('alerts');
    return { retryFrom: null, report };
  } catch (err) {
    report.error = (err as Error).message;
    return { retryFrom: first.sequenceNumber, report };
  }
}

/**
 * Where each record goes as it is decoded: its table objects and the detectors' rules; kept
 * only when a detector queued it. A class, not a closure per batch: optimized code that inlined
 * a closure is thrown away with it, so each batch would compile the hot loop again.
 */
class RecordStream {
  readonly evidence: LogRecord[] = [];
  private from: KinesisRecordInput | null = null;
  private fromId = '';

  constructor(
    private readonly tables: TableObjects,
    private readonly engine: DetectionEngine,
  ) {}

  take(rec: KinesisRecordInput, r: LogRecord): void {
    // Each object is named after the Kinesis record its first record came from.
    if (rec !== this.from) {
      this.from = rec;
      this.fromId = `${rec.shardId}-${rec.sequenceNumber}`;
    }
    this.tables.add(r, this.fromId);
    if (this.engine.push(r)) this.evidence.push(r);
  }
}

/** Hands on every record of the batch, in order, with the Kinesis record it came from; counts them. */
function decodeEach(input: readonly KinesisRecordInput[], config: LogsiftConfig, report: BatchReport, stream: RecordStream): void {
  const opts = { config };
  for (const rec of input) {
    report.recordsIn++;
    report.bytesIn += Buffer.byteLength(rec.data, 'base64');
    const decoded = kinesisRecords(rec, opts);
    if (Array.isArray(decoded)) eachRecord(rec, decoded, report, stream);
    else for (const batch of decoded) eachRecord(rec, batch, report, stream);
  }
}

function eachRecord(rec: KinesisRecordInput, records: readonly LogRecord[], report: BatchReport, stream: RecordStream): void {
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    report.eventsOut++;
    if (r.parse_error !== null) report.parseErrors++;
    for (const c of r.corrections) report.corrections[c] = (report.corrections[c] ?? 0) + 1;
    stream.take(rec, r);
  }
}

/** Records the milliseconds since the previous stage ended. */
function stageClock(report: BatchReport): (stage: string) => void {
  let last = performance.now();
  return (stage) => {
    const t = performance.now();
    report.timingsMs[stage] = Math.round((t - last) * 10) / 10;
    last = t;
  };
}
