import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixedLines } from '../../bench/inputs.js';
import { DetectionEngine, FLUSH_EVERY } from '../../functions/detect/engine.js';
import { defaultDetectors } from '../../functions/detect/registry.js';
import { MemoryStateStore } from '../../functions/detect/state/memory-store.js';
import type { Finding } from '../../functions/detect/types.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { recordFromMessage } from '../support/records.js';

const received = new Date('2026-11-26T02:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);

/**
 * The bench's troubled-cluster stream (etcd elections and slow-disk lines, OOM kills, expired
 * certificates), with hung-task reports (a folded multi-line rule) on a worker now and then.
 */
function stream(n: number): LogRecord[] {
  const lines = mixedLines(n);
  for (let at = 700; at < lines.length; at += 2900) {
    const stamp = lines[at].slice(lines[at].indexOf('>') + 1, lines[at].indexOf('>') + 16);
    lines.splice(
      at,
      0,
      `<3>${stamp} worker-03 kernel: INFO: task kworker/2:1:${400 + at} blocked for more than 120 seconds.`,
      `<3>${stamp} worker-03 kernel:       Not tainted 6.8.0-45-generic #45-Ubuntu`,
      `<3>${stamp} worker-03 kernel: "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`,
    );
  }
  return lines.map((l, i) => {
    const raw = { data: Buffer.from(l), identity: `flush-points:${i}`, receivedTime: received };
    return buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG);
  });
}

/** Every record through a fresh engine, flushing after the records at `points`; the findings at the end. */
async function findingsWith(records: LogRecord[], points: ReadonlySet<number>): Promise<Finding[]> {
  const engine = new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
  for (let i = 0; i < records.length; i++) {
    engine.push(records[i]);
    if (points.has(i)) await engine.flush();
  }
  return engine.end();
}

describe('detection does not depend on where the caller flushes', () => {
  const records = stream(12_000);

  it('the stream holds what every detector reports', async () => {
    const types = new Set((await findingsWith(records, new Set())).map((f) => f.type));
    expect([...types].sort()).toEqual(['cert_expired', 'etcd_leader_change', 'etcd_leader_churn', 'oom_kill', 'task_hung']);
  });

  it('flushed at any points, the same findings as flushed only at the end', async () => {
    const once = await findingsWith(records, new Set());
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: records.length - 1 }), { minLength: 1, maxLength: 200 }), async (points) => {
        expect(await findingsWith(records, new Set(points))).toEqual(once);
      }),
      { numRuns: 12 },
    );
  });
});

describe('DetectionEngine.flushDue (the CLI flushes when it says so)', () => {
  const engine = () => new DetectionEngine(defaultDetectors(DEFAULT_CONFIG.detectors), new MemoryStateStore(), DEFAULT_CONFIG.detectors);
  const at = (ms: number, message = 'sync pod ok') =>
    recordFromMessage(message, { time: new Date(Date.parse('2026-11-26T10:00:00Z') + ms).toISOString(), app: 'kubelet', host: 'w1' });

  it('after a minute of event time since the first record, then since the last flush', async () => {
    const e = engine();
    e.push(at(0));
    e.push(at(FLUSH_EVERY.eventMs - 1000));
    expect(e.flushDue).toBe(false);
    e.push(at(FLUSH_EVERY.eventMs));
    expect(e.flushDue).toBe(true);
    await e.flush();
    expect(e.flushDue).toBe(false);
    e.push(at(2 * FLUSH_EVERY.eventMs - 1000));
    expect(e.flushDue).toBe(false);
    e.push(at(2 * FLUSH_EVERY.eventMs));
    expect(e.flushDue).toBe(true);
  });

  it('after so many records without event times, or so many queued for the detectors', async () => {
    const e = engine();
    const timeless = recordFromMessage('sync pod ok', { app: 'kubelet' });
    for (let i = 1; i < FLUSH_EVERY.records; i++) e.push(timeless);
    expect(e.flushDue).toBe(false);
    e.push(timeless);
    expect(e.flushDue).toBe(true);
    await e.flush();
    expect(e.flushDue).toBe(false);

    const expired = 'x509: certificate has expired or is not yet valid: current time 2026-11-26T10:00:00Z is after 2026-11-20T00:00:00Z';
    for (let i = 1; i < FLUSH_EVERY.queued; i++) e.push(at(0, expired));
    expect(e.flushDue).toBe(false);
    e.push(at(0, expired));
    expect(e.flushDue).toBe(true);
  });
});
