import { describe, expect, it, vi } from 'vitest';
import { decodeKinesisRecord } from '../../functions/decode/kinesis-record.js';
import { EntryReader } from '../../functions/ship/entry-reader.js';
import type { PutRecordsFn, PutResult } from '../../functions/ship/kinesis-put.js';
import { SHIP_DEFAULTS, type ShipSettings } from '../../functions/ship/ship-options.js';
import { Shipper } from '../../functions/ship/shipper.js';
import { exportEntryBytes, cursorOf } from '../../bench/journal-source.js';
import { backoffDelay } from '../../functions/ship/backoff.js';

const settings = (over: Partial<ShipSettings> = {}): ShipSettings => ({ ...SHIP_DEFAULTS, stream: 's', flushMs: 5, backoffBaseMs: 1, backoffMaxMs: 4, progressMs: 0, ...over });

function entries(from: number, to: number) {
  const reader = new EntryReader();
  const out = [];
  for (let i = from; i < to; i++) out.push(...reader.push(exportEntryBytes(i)));
  out.push(...reader.end());
  return out;
}

/** A fake PutRecords: `answer` decides each record's fate per call; everything stored is kept. */
function fakeKinesis(answer: (call: number, index: number) => string | undefined | 'throw') {
  const stored: Buffer[] = [];
  const calls: number[] = [];
  const put: PutRecordsFn = async (records) => {
    const n = calls.push(records.length) - 1;
    await new Promise((r) => setTimeout(r, 1));
    if (records.some((_, i) => answer(n, i) === 'throw')) throw Object.assign(new Error('boom'), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } });
    return records.map((r, i): PutResult[number] => {
      const a = answer(n, i);
      if (a === undefined) stored.push(r.data);
      return a as string | undefined;
    });
  };
  return { put, stored, calls };
}

function storedCursors(stored: Buffer[]): string[] {
  return stored.flatMap((data, k) =>
    decodeKinesisRecord({ data: data.toString('base64'), shardId: 's', sequenceNumber: String(k), approximateArrivalTimestamp: 0 }, { format: 'auto', maxEventBytes: 1 << 20 }).map((e) => {
      const m = /__CURSOR=([^\n]*)/.exec(e.data.toString('latin1'));
      return m ? m[1] : '';
    }),
  );
}

describe('Shipper', () => {
  it('retries only the failed records, never drops, and saves the cursor of the last entry once all are stored', async () => {
    const k = fakeKinesis((call, i) => (call < 3 && i % 2 === 0 ? 'ProvisionedThroughputExceededException' : undefined));
    const saved: string[] = [];
    const s = new Shipper(settings({ recordBytes: 2000 }), k.put, { pause() {}, resume() {}, saveCursor: async (c) => void saved.push(c) }, null);
    for (const e of entries(0, 300)) s.push(e);
    await s.drain();
    const cursors = storedCursors(k.stored);
    expect(new Set(cursors).size).toBe(300);
    expect(cursors).toHaveLength(300); // failed records were not stored, so nothing twice
    expect(s.counters.throttled).toBeGreaterThan(0);
    expect(s.counters.retries).toBe(s.counters.throttled);
    expect(storedCursors(k.stored).filter((c) => c === '')).toEqual([]);
    expect(saved[saved.length - 1]).toBe(cursorOf(299));
  });

  it('never saves a cursor past an entry that is not stored yet', async () => {
    // The first call's first record fails twice; later records succeed meanwhile.
    let failures = 0;
    const k = fakeKinesis((call, i) => (call === 0 && i === 0) || (failures < 2 && call > 0 && i === 0 && ++failures > 0) ? 'InternalFailure' : undefined);
    const saved: string[] = [];
    const s = new Shipper(settings({ recordBytes: 1500, maxInFlightCalls: 2 }), k.put, { pause() {}, resume() {}, saveCursor: async (c) => void saved.push(c) }, null);
    const es = entries(0, 60);
    for (const e of es) s.push(e);
    await s.drain();
    const order = es.map((e) => e.cursor);
    // Every saved cursor's predecessors were stored, and saves only move forward.
    const storedSet = new Set(storedCursors(k.stored));
    for (const c of saved) for (const p of order.slice(0, order.indexOf(c) + 1)) expect(storedSet.has(p!)).toBe(true);
    expect(saved.map((c) => order.indexOf(c))).toEqual([...saved.map((c) => order.indexOf(c))].sort((a, b) => a - b));
    expect(saved[saved.length - 1]).toBe(cursorOf(59));
  });

  it('stops reading while too much is unacknowledged, and reads on when there is room', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const put: PutRecordsFn = async (records) => {
      await gate;
      return records.map(() => undefined);
    };
    const events: string[] = [];
    const s = new Shipper(settings({ recordBytes: 5000, maxBufferedBytes: 20_000 }), put, { pause: () => events.push('pause'), resume: () => events.push('resume'), saveCursor: async () => undefined }, null);
    const es = entries(0, 100);
    for (const e of es.slice(0, 60)) s.push(e);
    expect(events).toEqual(['pause']);
    release();
    await s.drain();
    expect(events).toEqual(['pause', 'resume']);
  });

  it('a non-retryable error stops the shipper and keeps the cursor before the first entry not stored', async () => {
    const saved: string[] = [];
    let call = 0;
    const put: PutRecordsFn = async (records) => {
      if (call++ === 0) return records.map(() => undefined);
      throw Object.assign(new Error('Stream s not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    };
    const fatal: Error[] = [];
    const s = new Shipper(settings({ recordBytes: 3000, maxInFlightCalls: 1 }), put, { pause() {}, resume() {}, saveCursor: async (c) => void saved.push(c), onFatal: (e) => fatal.push(e) }, null);
    const es = entries(0, 40);
    for (const e of es) s.push(e);
    await expect(s.drain()).rejects.toThrow(/ResourceNotFoundException/);
    expect(fatal).toHaveLength(1);
    expect(saved.length).toBeLessThanOrEqual(1);
    if (saved.length === 1) expect(es.findIndex((e) => e.cursor === saved[0])).toBeLessThan(39);
  });

  it('a call that fails as a whole (503) is sent again', async () => {
    const k = fakeKinesis((call) => (call === 0 ? 'throw' : undefined));
    const s = new Shipper(settings(), k.put, { pause() {}, resume() {}, saveCursor: async () => undefined }, null);
    for (const e of entries(0, 10)) s.push(e);
    await s.drain();
    expect(s.counters.callErrors).toBe(1);
    expect(storedCursors(k.stored)).toHaveLength(10);
  });
});

describe('Shipper: a retry that comes due between two reads of the clock', () => {
  it('is still sent: drain never waits on a record nothing will send', async () => {
    // A clock that moves 1 ms on every read, and a first-retry backoff of exactly 2 ms (the jitter
    // fixed at half of 4 ms): takeCall reads the clock 1 ms after the retry and finds the record
    // not due; scheduleRetry reads it 1 ms later and finds it due. It must still send it.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      let t = 0;
      const k = fakeKinesis((call) => (call === 0 ? 'throw' : undefined));
      const s = new Shipper(settings({ backoffBaseMs: 2, backoffMaxMs: 4 }), k.put, { pause() {}, resume() {}, saveCursor: async () => undefined, now: () => ++t }, null);
      for (const e of entries(0, 1)) s.push(e); // one entry: one record, one retry
      const hung = new Promise<'hung'>((r) => setTimeout(() => r('hung'), 2000).unref());
      expect(await Promise.race([s.drain().then(() => 'drained' as const), hung])).toBe('drained');
      expect(storedCursors(k.stored)).toEqual([cursorOf(0)]);
    } finally {
      random.mockRestore();
    }
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.999)).toBe(199);
    expect(backoffDelay(5, 100, 10_000, () => 0.999)).toBe(3196);
    expect(backoffDelay(20, 100, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(20, 100, 10_000, () => 0)).toBe(0);
  });
});

describe('Shipper: errors without an HTTP answer, and a bounded stop', () => {
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

  it('no credentials: stops at once, without retrying', async () => {
    let calls = 0;
    const put: PutRecordsFn = async () => {
      calls++;
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const s = new Shipper(settings(), put, { pause() {}, resume() {}, saveCursor: async () => undefined }, null);
    for (const e of entries(0, 5)) s.push(e);
    await expect(s.drain()).rejects.toThrow(/^no AWS credentials found \(CredentialsProviderError: .*\)\. Fix: /);
    expect(calls).toBe(1);
    expect(s.counters.retries).toBe(0);
  });

  it('an endpoint never reached: retried, with the cause reported, until unreachableTimeoutMs', async () => {
    // A clock that runs, and jumps 400 ms on each failed call (as a connect timeout would take).
    let skew = 0;
    const put: PutRecordsFn = async () => {
      skew += 400;
      throw refused();
    };
    const causes: string[] = [];
    const now = () => Date.now() + skew;
    const s = new Shipper(settings({ unreachableTimeoutMs: 2000 }), put, { pause() {}, resume() {}, saveCursor: async () => undefined, onRetryableError: (p) => causes.push(p.cause), now }, null);
    for (const e of entries(0, 5)) s.push(e);
    await expect(s.drain()).rejects.toThrow(/^cannot reach .* \(ECONNREFUSED.*no call has succeeded in 2 s since the start\. Fix: /);
    expect(causes.length).toBeGreaterThanOrEqual(2);
    expect(causes[0]).toMatch(/ECONNREFUSED/);
  });

  it('once a call succeeded, network errors are an outage: retried past unreachableTimeoutMs', async () => {
    let skew = 0;
    let call = 0;
    const put: PutRecordsFn = async (records) => {
      skew += 1000;
      call++;
      if (call === 1 || call > 8) return records.map(() => undefined);
      throw refused();
    };
    const s = new Shipper(settings({ unreachableTimeoutMs: 2000, maxInFlightCalls: 1, recordBytes: 1000 }), put, { pause() {}, resume() {}, saveCursor: async () => undefined, now: () => Date.now() + skew }, null);
    for (const e of entries(0, 10)) s.push(e);
    await s.drain();
    expect(s.counters.callErrors).toBe(7);
    expect(s.counters.acked).toBe(10);
  });

  it('drain(stop) gives up stopTimeoutMs after the stop, keeping the cursor of what was acknowledged', async () => {
    let call = 0;
    const stored: Buffer[] = [];
    const put: PutRecordsFn = async (records) => {
      if (call++ > 0) throw refused();
      stored.push(...records.map((r) => r.data));
      return records.map(() => undefined);
    };
    const saved: string[] = [];
    const s = new Shipper(settings({ stopTimeoutMs: 200, maxInFlightCalls: 1, recordBytes: 1000, unreachableTimeoutMs: 0 }), put, { pause() {}, resume() {}, saveCursor: async (c) => void saved.push(c) }, null);
    const es = entries(0, 20);
    for (const e of es) s.push(e);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const t0 = Date.now();
    const { complete } = await s.drain(stop.signal);
    expect(complete).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(s.pending).toBeGreaterThan(0);
    // The saved cursor is the end of the stored prefix: everything up to it is stored, the next one is not.
    const at = es.findIndex((e) => e.cursor === saved[saved.length - 1]);
    const storedSet = new Set(storedCursors(stored));
    expect(at).toBeGreaterThanOrEqual(0);
    for (const e of es.slice(0, at + 1)) expect(storedSet.has(e.cursor!)).toBe(true);
    expect(storedSet.has(es[at + 1].cursor!)).toBe(false);
  });
});
