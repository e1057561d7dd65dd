import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import kinesisAgg from 'aws-kinesis-agg';

/** The library's aggregator; its .d.ts does not declare it. */
const { RecordAggregator } = kinesisAgg as unknown as {
  RecordAggregator: new () => { addUserRecord(r: { partitionKey: string; data: Buffer }): void; build(): { data: Buffer } };
};

/** One PutRecord: which shard it goes to, its bytes, and what `logsift parse` should see of it. */
export interface Shipment {
  shard: 0 | 1;
  kind: string;
  data: Buffer;
  /** The same events as one line each for `logsift parse` (KPL and gzip opened); null for garbage. */
  plainLines: string[] | null;
}

const SAMPLES = new URL('../../../samples/', import.meta.url);
const FIXTURES = new URL('../../fixtures/', import.meta.url);

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** A fixture line `{time, host, app, message}` as journalctl -o json writes it (one entry per line). */
function journalEntry(e: { time: string; host: string; app: string; message: string }): string {
  const micros = BigInt(Date.parse(e.time)) * 1000n + BigInt(Number(e.time.slice(23, 26)));
  return JSON.stringify({
    __REALTIME_TIMESTAMP: String(micros),
    _HOSTNAME: e.host,
    SYSLOG_IDENTIFIER: e.app,
    _SYSTEMD_UNIT: `${e.app}.service`,
    _TRANSPORT: 'journal',
    PRIORITY: '6',
    MESSAGE: e.message,
  });
}

/** A Filebeat (journald input) event: the expired issuing CA seen by haproxy on web-1. */
function filebeatEvent(time: string, message: string): string {
  return JSON.stringify({
    '@timestamp': time,
    message,
    host: { hostname: 'web-1' },
    log: { syslog: { priority: 3, appname: 'haproxy', pid: '812' } },
    systemd: { transport: 'syslog', unit: 'haproxy.service' },
  });
}

function kplAggregate(records: string[]): Buffer {
  const agg = new RecordAggregator();
  for (const r of records) agg.addUserRecord({ partitionKey: 'kpl-host', data: Buffer.from(r) });
  return agg.build().data;
}

/** The CloudWatch Logs subscription payload (documented shape, our values). */
function cloudWatchEnvelope(messages: string[], firstMs: number): string {
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/ec2/cp',
    logStream: 'cp-3',
    subscriptionFilters: ['to-kinesis'],
    logEvents: messages.map((m, i) => ({ id: `3${String(i).padStart(55, '0')}`, timestamp: firstMs + i, message: m })),
  });
}

/**
 * What the test ships: on shard 0 an etcd churn episode on `prod` (journalctl JSON, one entry
 * per record, so it spans several batches); on shard 1 the bundled samples (another story, on
 * `prod-eu`), every other shape and the garbage.
 */
export function shipments(): Shipment[] {
  const out: Shipment[] = [];
  const churn = lines(readFileSync(new URL('etcd/churn-disk.jsonl', FIXTURES), 'utf8')).map((l) => JSON.parse(l) as { time: string; host: string; app: string; message: string });
  for (const e of churn) {
    const line = journalEntry(e);
    out.push({ shard: 0, kind: 'journalctl-json', data: Buffer.from(line + '\n'), plainLines: [line] });
  }
  // The bundled samples (one story on prod-eu: etcd churn after a journald flush, an OOM kill in a pod, an expired CA).
  for (const file of ['cp-1.journal.json', 'cp-2.rfc5424.log', 'cp-3.rfc3164.log', 'web-2.rfc5424.log', 'worker-1.journal.json']) {
    const l = lines(readFileSync(new URL(file, SAMPLES), 'utf8'));
    out.push({ shard: 1, kind: file, data: Buffer.from(l.join('\n') + '\n'), plainLines: l });
  }
  const fb = [
    filebeatEvent('2026-11-26T10:05:00.000Z', 'SSL: verify error:num=10:certificate has expired:depth=1:subject=/CN=Example Root CA'),
    filebeatEvent('2026-11-26T10:05:01.000Z', 'backend api/api-1 is UP'),
  ];
  out.push({ shard: 1, kind: 'filebeat', data: Buffer.from(fb.join('\n') + '\n'), plainLines: fb });
  const kpl = [
    '<134>1 2026-11-26T10:06:00.000001Z cp-3 nginx 77 - - GET /healthz 200',
    '<38>Nov 26 10:06:01 cp-3 sshd[901]: Failed password for root from 203.0.113.9 port 4022 ssh2',
    '<13>Nov 26 10:06:02 cp-3 app[5]: three',
  ];
  out.push({ shard: 1, kind: 'kpl', data: kplAggregate(kpl), plainLines: kpl });
  const cw = cloudWatchEnvelope(['cloud line one', '<30>Nov 26 10:07:01 cp-3 containerd[44]: pulled image'], Date.parse('2026-11-26T10:07:00Z'));
  out.push({ shard: 1, kind: 'cloudwatch-gzip', data: gzipSync(cw), plainLines: [cw] });
  // Garbage: the decoders name what is wrong and keep the bytes (quarantine).
  const truncated = gzipSync(Buffer.from('<13>Nov 26 10:08:00 h app: hello\n'.repeat(50))).subarray(0, 40);
  out.push({ shard: 1, kind: 'garbage-truncated-gzip', data: truncated, plainLines: null });
  out.push({ shard: 1, kind: 'garbage-random-gzip-magic', data: Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(200)]), plainLines: null });
  out.push({ shard: 1, kind: 'garbage-random-kpl', data: Buffer.concat([Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), randomBytes(120)]), plainLines: null });
  // Later traffic from web-1: event time moves past the CA finding's hour, which closes its window.
  const later = filebeatEvent('2026-11-26T11:30:00.000Z', 'backend api/api-1 is UP');
  out.push({ shard: 1, kind: 'filebeat', data: Buffer.from(later + '\n'), plainLines: [later] });
  return out;
}

/** The host -> cluster map the handler and `logsift parse` both get. */
export const E2E_CONFIG = {
  hosts: {
    cp1: { cluster: 'prod' },
    cp2: { cluster: 'prod' },
    cp3: { cluster: 'prod' },
    w1: { cluster: 'prod' },
    'cp-1': { cluster: 'prod-eu' },
    'cp-2': { cluster: 'prod-eu' },
    'cp-3': { cluster: 'prod-eu' },
    'worker-1': { cluster: 'prod-eu' },
    'web-1': { cluster: 'edge' },
    'web-2': { cluster: 'edge' },
  },
};
