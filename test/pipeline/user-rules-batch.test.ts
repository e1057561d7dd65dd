import { describe, expect, it } from 'vitest';
import { MemoryAlertLedger } from '../../functions/alert/memory-ledger.js';
import { MemoryAlertPublisher } from '../../functions/alert/publisher.js';
import type { KinesisRecordInput } from '../../functions/decode/kinesis-record.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import { readEnvironment } from '../../functions/ingest/environment.js';
import { processKinesisBatch } from '../../functions/pipeline/process-kinesis-batch.js';
import { MemoryObjectStore } from '../../functions/sinks/object-store.js';
import { USER_LINES, USER_RULE } from '../support/user-rule.js';

const SHARD = 'shardId-000000000001';
const ARRIVAL = Date.parse('2026-11-26T12:00:00Z') / 1000;
let seq = 0;
const rec = (line: string): KinesisRecordInput => ({
  data: Buffer.from(line + '\n').toString('base64'),
  shardId: SHARD,
  sequenceNumber: String(50_000 + seq++),
  approximateArrivalTimestamp: ARRIVAL,
  partitionKey: 'shop-1',
});

describe('a user rule in the Lambda (pipelineConfig → LOGSIFT_CONFIG → every batch)', () => {
  it('opens the incident in one batch, resolves it in a later one, pages each once', async () => {
    // What the stack sets: pipelineConfig as JSON in LOGSIFT_CONFIG (lib/logsift-stack.ts).
    const env = readEnvironment({
      LOGSIFT_TABLES_BUCKET: 'tables',
      LOGSIFT_STATE_TABLE: 'state',
      LOGSIFT_ALERT_TABLE: 'alerts',
      LOGSIFT_ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:alerts',
      LOGSIFT_CONFIG: JSON.stringify({ detectors: { rules: [USER_RULE] } }),
    });
    const deps = {
      config: env.config,
      objects: new MemoryObjectStore(),
      state: new MemoryStateStore(),
      ledger: new MemoryAlertLedger(),
      publisher: new MemoryAlertPublisher(),
      now: () => new Date(ARRIVAL * 1000),
    };
    const [fail1, , fail2, , recovered] = USER_LINES.trim().split('\n');
    // Batch 1: two failures; later lines move event time past the allowed lateness (300 s), so the incident is complete.
    const first = await processKinesisBatch([rec(fail1), rec(fail2), rec('<14>1 2026-11-26T01:06:00.000000Z shop-1 payments 77 - - order 1004 paid')], deps);
    expect(first.retryFrom).toBeNull();
    expect(first.report.findings.map((f) => [f.type, f.status, f.details.count])).toEqual([['payments_failing', 'open', 2]]);
    // Batch 2 (a fresh detector, state from the store): the recovery line ends it.
    const second = await processKinesisBatch(
      [rec(recovered.replace('01:02:00', '01:07:00')), rec('<14>1 2026-11-26T01:13:00.000000Z shop-1 payments 77 - - order 1005 paid')],
      deps,
    );
    expect(second.retryFrom).toBeNull();
    const resolved = second.report.findings;
    expect(resolved.map((f) => [f.type, f.status, f.time_end])).toEqual([['payments_failing', 'resolved', '2026-11-26T01:07:00.000000Z']]);
    expect(resolved[0].finding_id).toBe(first.report.findings[0].finding_id);
    expect(deps.publisher.published.map((a) => a.subject)).toEqual([
      '[logsift] CRITICAL payments_failing on host shop-1',
      '[logsift] RESOLVED CRITICAL payments_failing on host shop-1',
    ]);
    // Both versions are rows of the findings table.
    expect([...deps.objects.objects.keys()].filter((k) => k.startsWith('findings/'))).toHaveLength(2);
    // A redelivery of the second batch pages nothing more.
    await processKinesisBatch([rec(recovered.replace('01:02:00', '01:07:00'))], deps);
    expect(deps.publisher.published).toHaveLength(2);
  });

  it('a broken rule fails the cold start with the rule named', () => {
    const bad = { ...USER_RULE, name: 'bad-group', group_by: ['capture:nope'] };
    expect(() =>
      readEnvironment({
        LOGSIFT_TABLES_BUCKET: 't', LOGSIFT_STATE_TABLE: 's', LOGSIFT_ALERT_TABLE: 'a', LOGSIFT_ALERT_TOPIC_ARN: 'arn',
        LOGSIFT_CONFIG: JSON.stringify({ detectors: { rules: [bad] } }),
      }),
    ).toThrow(/rule "bad-group": group_by capture:nope names no group/);
  });
});
