import { KinesisClient } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { parseArgs } from 'node:util';
import { readEnvironment } from '../../functions/ingest/environment.js';
import { createRuntime } from '../../functions/ingest/runtime.js';
import { processKinesisBatch } from '../../functions/pipeline/process-kinesis-batch.js';
import { replayFromDlq, type ReplayOutcome } from '../../functions/replay/replay-dlq.js';
import type { CliIo } from './run.js';
import { renderTable } from './table.js';

export const REPLAY_USAGE = `logsift replay — put the batches the ingest function gave up on through the pipeline again

Usage:
  logsift replay --from-dlq QUEUE_URL [options]

Reads the event source mapping's on-failure messages (Kinesis batch metadata: shard and
sequence range), re-reads each range from the stream while it is retained, and runs it
through the same batch processing as the ingest function: tables written (the same object
names, so nothing is duplicated), detector state committed, alerts sent once. A message is
deleted only when its batch went through, or, with --drop-expired, when the stream's
retention (DescribeStreamSummary) has passed since the range's last record arrived. A stream
that is not found, a range missing within retention, or any other error keeps the message.

Options:
  --from-dlq URL       the on-failure queue (stack output OnFailureQueueUrl)
  --max-messages N     stop after N messages (default: until the queue is empty)
  --drop-expired       delete messages whose range is past the stream's retention (default: keep)
  --region R           AWS region of the queue (default: the SDK chain, e.g. AWS_REGION); each
                       message's stream is read in the region its streamArn names
  --json               one JSON object per message instead of a table
  -h, --help           this text

The function's resources are named by the same variables the ingest function reads:
LOGSIFT_TABLES_BUCKET, LOGSIFT_STATE_TABLE, LOGSIFT_ALERT_TABLE, LOGSIFT_ALERT_TOPIC_ARN,
and optionally LOGSIFT_CONFIG (docs/runtime.md). Credentials and endpoints come from the SDK
chain (AWS_ENDPOINT_URL_<SERVICE> for local stand-ins).
Exit status: 0 when every message was replayed (or there was none); 1 when any was not;
2 for usage errors.`;

/** `logsift replay ...`: returns the exit status. */
export async function runReplayCli(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'from-dlq': { type: 'string' },
        'max-messages': { type: 'string' },
        'drop-expired': { type: 'boolean' },
        region: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    io.stderr.write(`logsift: ${(err as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(REPLAY_USAGE + '\n');
    return 0;
  }
  const queueUrl = values['from-dlq'];
  if (queueUrl === undefined || !/^https?:\/\/\S+$/.test(queueUrl)) {
    io.stderr.write('logsift: replay needs --from-dlq QUEUE_URL (see logsift replay --help)\n');
    return 2;
  }
  const maxMessages = values['max-messages'] === undefined ? undefined : Number(values['max-messages']);
  if (maxMessages !== undefined && (!Number.isInteger(maxMessages) || maxMessages < 1)) {
    io.stderr.write('logsift: --max-messages must be a whole number of at least 1\n');
    return 2;
  }
  let outcomes: ReplayOutcome[];
  try {
    const environment = readEnvironment();
    const runtime = createRuntime(environment);
    // Each message's stream is read in the region its streamArn names.
    // kinesalite speaks HTTP/1.1 only; this handler is also fine against AWS.
    const kinesisClients = new Map<string, KinesisClient>();
    const kinesisFor = (region: string) => {
      let client = kinesisClients.get(region);
      if (client === undefined) kinesisClients.set(region, (client = new KinesisClient({ region, requestHandler: new NodeHttpHandler() })));
      return client;
    };
    // The queue: --region, else the SDK's own chain (AWS_REGION, profile), as the help says.
    // A custom endpoint (local stand-in) answers for every queue; queue URLs may name another host.
    const sqs = new SQSClient({ region: values.region, useQueueUrlAsEndpoint: process.env.AWS_ENDPOINT_URL_SQS === undefined });
    outcomes = await replayFromDlq(
      queueUrl,
      {
        sqs,
        kinesisFor,
        processBatch: async (inputs) => {
          const r = await processKinesisBatch(inputs, runtime.deps);
          return r.retryFrom === null ? null : (r.report.error ?? 'the batch failed');
        },
      },
      { maxMessages, dropExpired: values['drop-expired'] === true },
    );
  } catch (err) {
    io.stderr.write(`logsift: replay: ${(err as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  if (values.json) {
    for (const o of outcomes) io.stdout.write(JSON.stringify(o) + '\n');
  } else if (outcomes.length === 0) {
    io.stdout.write('The queue holds no on-failure messages: nothing to replay.\n');
  } else {
    const rows = outcomes.map((o) => [o.status, o.shardId ?? '-', o.startSequenceNumber ?? '-', o.endSequenceNumber ?? '-', String(o.records), o.detail]);
    io.stdout.write(renderTable(['status', 'shard', 'first sequence', 'last sequence', 'records', 'detail'], rows) + '\n');
  }
  return outcomes.every((o) => o.status === 'replayed') ? 0 : 1;
}
