import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cursorOf, exportEntryBytes, hasBinaryMessage, indexOfCursor } from '../../bench/journal-source.js';
import { decodeKinesisRecord, type KinesisRecordInput } from '../../functions/decode/kinesis-record.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { eventIdFor } from '../../functions/pipeline/event-id.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { localClients } from '../support/local-aws/clients.js';
import { createStream } from '../support/local-aws/resources.js';
import { readWholeStream } from '../support/ship/read-stream.js';
import { startThrottlingProxy, type ThrottlingProxy } from '../support/ship/throttling-proxy.js';

// `logsift ship` as a real process (the built CLI) against kinesalite, through a proxy that
// throttles a share of every PutRecords call; the source is a journalctl stand-in that honours
// --after-cursor. Needs `npm run build` (npm ci runs it).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin/logsift.js');
const SOURCE = join(ROOT, 'dist/bench/journal-source.js');
const received = new Date('2026-11-29T00:00:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);

function ship(args: string[], endpoint: string): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'ship', '--region', 'us-east-1', '--endpoint', endpoint, ...args], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function savedIndex(file: string): number {
  if (!existsSync(file)) return -1;
  return indexOfCursor(readFileSync(file, 'utf8').trim());
}

interface Arrived {
  eventId: string;
  /** The full record, built only for the entries compared field by field (building 100,000 is slow). */
  record?: LogRecord;
}

/** Entries from the stream as the Lambda path decodes and parses them, keyed by the entry index of their __CURSOR. */
function entriesFromStream(records: KinesisRecordInput[], full: (i: number) => boolean): { byIndex: Map<number, Arrived[]>; errors: number } {
  const byIndex = new Map<number, Arrived[]>();
  let errors = 0;
  for (const rec of records) {
    for (const raw of decodeKinesisRecord(rec, { format: 'auto', maxEventBytes: DEFAULT_CONFIG.limits.max_event_bytes })) {
      const parsed = parseEvent(raw, 'auto', ctx);
      if (parsed.parse_error !== null) errors++;
      const i = indexOfCursor(parsed.fields.__CURSOR ?? '');
      const got: Arrived = { eventId: eventIdFor(parsed.identity ?? raw.identity) };
      if (full(i)) got.record = buildRecord(parsed, raw, DEFAULT_CONFIG);
      byIndex.set(i, [...(byIndex.get(i) ?? []), got]);
    }
  }
  return { byIndex, errors };
}

/** The event_id `logsift parse` gives entry i read from a file. */
function fileEventId(i: number): string {
  const raw = { data: exportEntryBytes(i), identity: `file:${i}`, receivedTime: received };
  const parsed = parseEvent(raw, 'auto', ctx);
  return eventIdFor(parsed.identity ?? raw.identity);
}

/** The record `logsift parse` would build from entry i read from a file. */
function recordFromFile(i: number): LogRecord {
  const raw = { data: exportEntryBytes(i), identity: `file:${i}`, receivedTime: received };
  return buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG);
}

/** What may differ between the two readings: when the bytes arrived, and the Kinesis partition key the decode stage notes. */
function comparable(r: LogRecord): Omit<LogRecord, 'received_time'> {
  const { received_time: _, ...rest } = r;
  const { kinesis_partition_key: __, ...fields } = r.fields;
  return { ...rest, fields };
}

describe('logsift ship against kinesalite', () => {
  const endpoints = inject('localAws');
  let kinesis: KinesisClient;
  let proxy: ThrottlingProxy;
  let dir: string;

  beforeAll(async () => {
    kinesis = localClients(endpoints).kinesis;
    proxy = await startThrottlingProxy(endpoints.kinesis, 0.2);
    dir = mkdtempSync(join(tmpdir(), 'logsift-ship-'));
  });
  afterAll(async () => {
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('100,000 entries, 20% of PutRecords entries throttled, kill -9 mid-stream: every entry arrives, duplicates only after the saved cursor', async () => {
    const stream = 'ship-e2e-100k';
    await createStream(kinesis, stream, 2);
    const cursorFile = join(dir, 'ship.cursor');
    const args = ['--stream', stream, '--once', '--gzip', '--record-bytes', '20000', '--cursor-file', cursorFile, '--progress-interval', '1', '--source-command', `"${process.execPath}" "${SOURCE}" --count 100000`];

    // The first run's source stops at entry 50,000 and waits, so the kill lands mid-stream
    // however fast the machine ships (an idle one once shipped all 100,000 before the kill).
    const first = ship([...args.slice(0, -1), `${args[args.length - 1]} --hold-at 50000`], proxy.url);
    await until('a saved cursor past entry 20,000', () => savedIndex(cursorFile) >= 20_000);
    first.child.kill('SIGKILL');
    expect(await first.exit).toBe(null);
    const killedAt = savedIndex(cursorFile);
    expect(killedAt).toBeLessThan(99_999); // killed mid-stream, not after the end

    const second = ship(args, proxy.url);
    expect(await second.exit).toBe(0);
    expect(readFileSync(cursorFile, 'utf8')).toBe(cursorOf(99_999) + '\n');
    const done = second.stderr().split('\n').find((l) => l.includes('done: '))!;
    expect(done).toMatch(/ acked=(\d+) pending=0 /);
    expect(Number(/ retries=(\d+)/.exec(done)![1])).toBeGreaterThan(0);
    expect(Number(/ throttled=(\d+)/.exec(done)![1])).toBeGreaterThan(0);
    expect(proxy.throttled).toBeGreaterThan(0);

    const compared = (i: number) => i % 499 === 0 || hasBinaryMessage(i) || (i > killedAt && i <= killedAt + 200);
    const { byIndex, errors } = entriesFromStream(await readWholeStream(kinesis, stream), compared);
    expect(errors).toBe(0);
    const missing: number[] = [];
    const duplicated: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const got = byIndex.get(i);
      if (got === undefined) missing.push(i);
      else if (got.length > 1) duplicated.push(i);
    }
    expect(missing).toEqual([]);
    expect(byIndex.size).toBe(100_000);
    // At-least-once: only entries after the cursor saved before the kill may have been sent twice.
    expect(duplicated.filter((i) => i <= killedAt)).toEqual([]);
    console.log(`ship e2e: killed with the cursor at entry ${killedAt}; ${duplicated.length} entries arrived twice, all after it; proxy throttled ${proxy.throttled} entries`);

    // The same records as parsing the entries from a file: every event_id (from _BOOT_ID + __CURSOR)
    // equal; for a spread of entries (binary ones, copies sent twice) every field, time and correction.
    const idMismatches: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const fromFile = compared(i) ? recordFromFile(i) : undefined;
      for (const got of byIndex.get(i)!) {
        if (fromFile === undefined) {
          if (got.eventId !== fileEventId(i)) idMismatches.push(i);
        } else {
          expect(got.eventId).toBe(fromFile.event_id);
          expect(comparable(got.record!)).toEqual(comparable(fromFile));
        }
      }
    }
    expect(idMismatches).toEqual([]);
    const binary = byIndex.get(996)![0].record!;
    expect(binary.message_encoding).toBe('c-escaped');
    expect(binary.message).toContain('line one\n\nline two \\xff');
  }, 180_000); // about 10 s on an idle 2-core machine; generous for a loaded one

  it('SIGTERM sends what was read, saves the cursor and exits 0', async () => {
    const stream = 'ship-e2e-sigterm';
    await createStream(kinesis, stream, 1);
    const cursorFile = join(dir, 'sigterm.cursor');
    // Records stay open (1 h flush, big records) until SIGTERM; the source keeps following.
    const run = ship(
      ['--stream', stream, '--cursor-file', cursorFile, '--flush-ms', '3600000', '--record-bytes', '1000000', '--progress-interval', '1',
        '--source-command', `"${process.execPath}" "${SOURCE}" --count 3000 --follow`],
      endpoints.kinesis,
    );
    await until('all 3000 entries read', () => / entries=3000 /.test(run.stderr()));
    expect(existsSync(cursorFile)).toBe(false);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(readFileSync(cursorFile, 'utf8')).toBe(cursorOf(2999) + '\n');
    const { byIndex } = entriesFromStream(await readWholeStream(kinesis, stream), () => false);
    expect([...byIndex.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
