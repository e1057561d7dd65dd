import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileState } from '../../functions/detect/state/file-store.js';
import type { Finding } from '../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { DirectoryObjectSink } from '../../functions/sinks/directory-sink.js';
import { MemoryObjectSink } from '../../functions/sinks/object-sink.js';
import { objectKey, partitionOf } from '../../functions/sinks/partition.js';
import { writeBatch } from '../../functions/sinks/write-batch.js';
import { recordFromMessage } from '../support/records.js';

const routes = DEFAULT_CONFIG.routes;
const at = (time: string | null, extra: Partial<LogRecord> = {}): LogRecord => ({ ...recordFromMessage('m', { time }), ...extra });

describe('partitions and object keys', () => {
  it('come from the event time, or the receive time when there is none', () => {
    expect(partitionOf('2026-11-26T23:59:59.999999Z', '2026-11-27T00:00:01.000000Z')).toEqual({ dt: '2026-11-26', hour: '23' });
    expect(partitionOf(null, '2026-11-27T00:00:01.000000Z')).toEqual({ dt: '2026-11-27', hour: '00' });
    expect(objectKey('logs', { dt: '2026-11-26', hour: '07' }, 'shardId-000000000001-49590338271490256608559692538361571095921575989136588898')).toBe(
      'logs/dt=2026-11-26/hour=07/shardId-000000000001-49590338271490256608559692538361571095921575989136588898.parquet',
    );
  });

  it('refuse object ids that could escape the table prefix', () => {
    for (const bad of ['../x', 'a/b', '', '.hidden', 'a b']) expect(() => objectKey('logs', { dt: '2026-11-26', hour: '07' }, bad), bad).toThrow(/object id/);
  });
});

describe('writeBatch', () => {
  const finding: Finding = {
    finding_id: 'ab'.repeat(16), type: 'oom_kill', severity: 'warning', time: '2026-11-26T05:00:00.000000Z', time_end: '2026-11-26T05:00:01.000000Z',
    host: 'w1', cluster: null, summary: 's', details: {}, evidence: ['cd'.repeat(16)], remediation: 'r',
    status: 'open', last_seen: '2026-11-26T05:00:01.000000Z',
  };

  it('writes one object per table and partition, named after the batch, and counts rows', async () => {
    const sink = new MemoryObjectSink();
    const records = [
      at('2026-11-26T01:00:00.000000Z'),
      at('2026-11-26T01:30:00.000000Z'),
      at('2026-11-26T02:00:00.000000Z', { facility: 10, facility_name: 'authpriv' }),
      at(null, { parse_error: 'bad' }),
    ];
    const r = await writeBatch({ records, findings: [finding], objectId: 'shard-1-100', routes, writtenAt: new Date() }, sink);
    expect([...sink.objects.keys()].sort()).toEqual([
      'findings/dt=2026-11-26/hour=05/shard-1-100.parquet',
      'logs/dt=2026-11-26/hour=00/shard-1-100.parquet', // receive time of the test records
      'logs/dt=2026-11-26/hour=01/shard-1-100.parquet',
      'logs_auth/dt=2026-11-26/hour=02/shard-1-100.parquet',
      'quarantine/dt=2026-11-26/hour=00/shard-1-100.parquet',
    ]);
    expect(r.rows).toEqual({ logs: 3, logs_auth: 1, quarantine: 1, findings: 1 });
    expect(r.objects).toBe(5);
    expect(r.keys.sort()).toEqual([...sink.objects.keys()].sort());
    expect(r.bytes).toBe([...sink.objects.values()].reduce((s, b) => s + b.length, 0));
    for (const body of sink.objects.values()) expect(Buffer.from(body.subarray(0, 4)).toString()).toBe('PAR1');
  });

  it('writing the same batch again puts the same keys (replacing), never new ones', async () => {
    const sink = new MemoryObjectSink();
    const records = [at('2026-11-26T01:00:00.000000Z'), at('2026-11-26T03:00:00.000000Z')];
    const first = await writeBatch({ records, findings: [], objectId: 'x', routes, writtenAt: new Date() }, sink);
    const again = await writeBatch({ records, findings: [], objectId: 'x', routes, writtenAt: new Date() }, sink);
    expect(again.keys).toEqual(first.keys);
    expect(sink.objects.size).toBe(2);
  });

  it('counts what drop and sample rules leave out', async () => {
    const sink = new MemoryObjectSink();
    const cfg = { ...routes, drop: [{ app: ['noisy'] }], sample: [{ match: { app: ['chatty'] }, keep: 0.000001 }] };
    const r = await writeBatch({ records: [at(null, { app: 'noisy' }), at(null, { app: 'chatty' }), at(null, { app: 'ok' })], findings: [], objectId: 'x', routes: cfg, writtenAt: new Date() }, sink);
    expect([r.rows.logs, r.dropped, r.sampledOut]).toEqual([1, 1, 1]);
  });
});

describe('DirectoryObjectSink', () => {
  it('writes through a temporary file and rename, leaving only the object', async () => {
    const root = mkdtempSync(join(tmpdir(), 'logsift-sink-'));
    const sink = new DirectoryObjectSink(root);
    await sink.put('logs/dt=2026-11-26/hour=01/a.parquet', new Uint8Array([1, 2, 3]));
    await sink.put('logs/dt=2026-11-26/hour=01/a.parquet', new Uint8Array([4]));
    expect(readdirSync(join(root, 'logs/dt=2026-11-26/hour=01'))).toEqual(['a.parquet']);
    expect([...readFileSync(join(root, 'logs/dt=2026-11-26/hour=01/a.parquet'))]).toEqual([4]);
    await expect(sink.put('../escape.parquet', new Uint8Array())).rejects.toThrow(/bad object key/);
  });
});

describe('file-backed detector state', () => {
  it('keeps values and versions across opens, and conditional writes still hold', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'logsift-state-')), 'state');
    const a = await openFileState(dir);
    expect(await a.store.put('etcd/k', { n: 1 }, null)).toBe(true);
    expect(await a.store.put('etcd/k', { n: 2 }, 1)).toBe(true);
    await a.save();
    const b = await openFileState(dir);
    expect(await b.store.get('etcd/k')).toEqual({ value: { n: 2 }, version: 2 });
    expect(await b.store.put('etcd/k', { n: 3 }, 1)).toBe(false);
    expect(await b.store.keys('etcd/')).toEqual(['etcd/k']);
  });

  it('says what to do when the state file is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-state-'));
    writeFileSync(join(dir, 'detectors.json'), '{oops');
    await expect(openFileState(dir)).rejects.toThrow(/not readable JSON.*move it away/);
  });
});
