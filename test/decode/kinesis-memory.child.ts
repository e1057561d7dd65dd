/**
 * Child process of kinesis-memory.test.ts, run under a small heap: decodes one Kinesis record
 * whose gzip payload inflates to `a\n` repeated, through the Lambda path (record batches) and
 * through decodeKinesisRecord (one array), and prints counts and memory per path as JSON.
 * argv: the inflated size in MiB, then `lines` (default) or `envelope`.
 */
import { gzipSync } from 'node:zlib';
import { decodeKinesisRecord, newDecodeStats } from '../../functions/decode/kinesis-record.js';
import { kinesisRecordBatches } from '../../functions/pipeline/kinesis-records.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';

const mib = Number(process.argv[2]);
/** `lines`: `a\n` repeated; `envelope`: a CloudWatch Logs envelope of tiny log events of that size. */
const kind = process.argv[3] ?? 'lines';
const LOG_EVENT = '{"id":"1","timestamp":1,"message":"a"}';
const inflated =
  kind === 'lines'
    ? Buffer.from('a\n'.repeat(mib * 512 * 1024))
    : Buffer.from(`{"messageType":"DATA_MESSAGE","owner":"o","logGroup":"g","logStream":"s","subscriptionFilters":[],"logEvents":[${Array(Math.floor((mib * 2 ** 20) / (LOG_EVENT.length + 1))).fill(LOG_EVENT).join(',')}]}`);
const payload = gzipSync(inflated, { level: 9 });
const rec = { data: payload.toString('base64'), shardId: 'shardId-000000000000', sequenceNumber: '1', approximateArrivalTimestamp: 1795658400 };

function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

function batches() {
  const stats = newDecodeStats();
  const before = rssMiB();
  let peak = before;
  let messagesA = 0;
  let errors = 0;
  let errorBytes = 0;
  let total = 0;
  for (const batch of kinesisRecordBatches(rec, { config: DEFAULT_CONFIG, stats })) {
    total += batch.length;
    for (const r of batch) {
      if (r.parse_error !== null) {
        errors++;
        errorBytes += Buffer.byteLength(r.message);
      } else if (r.message === 'a') messagesA++;
    }
    peak = Math.max(peak, rssMiB());
  }
  return { total, messagesA, errors, errorBytes, stats, growthMiB: Math.round(peak - before) };
}

function array() {
  const stats = newDecodeStats();
  const before = rssMiB();
  const events = decodeKinesisRecord(rec, { format: 'auto', maxEventBytes: DEFAULT_CONFIG.limits.max_event_bytes, stats });
  let messagesA = 0;
  let errors = 0;
  let errorBytes = 0;
  for (const e of events) {
    if (e.decodeError !== undefined) {
      errors++;
      errorBytes += e.data.length;
    } else if (e.data.toString() === 'a') messagesA++;
  }
  return { total: events.length, messagesA, errors, errorBytes, stats, growthMiB: Math.round(rssMiB() - before) };
}

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const viaBatches = batches();
gc?.();
const viaArray = array();
process.stdout.write(JSON.stringify({ gzipBytes: payload.length, inflatedBytes: inflated.length, batches: viaBatches, array: viaArray }) + '\n');
