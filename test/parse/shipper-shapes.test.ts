/**
 * What other shippers put into Kinesis parses as the entry or line it came from. Each fixture in
 * test/fixtures/shippers/ is the record a shipper's documented output shape gives for the
 * original (journal-entry.json, rsyslog-*.log); it goes through the Lambda path (Kinesis record
 * -> decode -> auto-detected parse -> normalize) and is compared field by field with the
 * original read from a file. What a shipper provably drops is listed per case, nothing else.
 */
import { readFileSync } from 'node:fs';
import kinesisAgg from 'aws-kinesis-agg';
import { describe, expect, it } from 'vitest';
import { decodeKinesisRecord } from '../../functions/decode/kinesis-record.js';
import type { RawEvent } from '../../functions/decode/raw-event.js';
import { detectFormat } from '../../functions/parse/detect-format.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { looksLikeRfc3164 } from '../../functions/parse/rfc3164.js';
import { buildRecord } from '../../functions/pipeline/build-record.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import type { LogRecord } from '../../functions/shared/record.js';
import { readCorpus } from '../support/corpora.js';

const received = new Date('2025-11-24T16:07:00Z');
const ctx = parseContextFor(DEFAULT_CONFIG, received);
const fixture = (name: string) => readFileSync(new URL(`../fixtures/shippers/${name}`, import.meta.url));

/** The original, as `logsift parse FILE` reads it. */
function fromFile(data: Buffer): LogRecord {
  const raw: RawEvent = { data: data.toString('utf8').endsWith('\n') ? data.subarray(0, data.length - 1) : data, identity: 'file:0', receivedTime: received };
  return buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG);
}

/** The shipper's Kinesis record, as the Lambda path reads it. */
function fromKinesis(payload: Buffer): LogRecord[] {
  const rec = { data: payload.toString('base64'), shardId: 'shardId-000000000000', sequenceNumber: '4959', approximateArrivalTimestamp: received.getTime() / 1000, partitionKey: 'pk' };
  return decodeKinesisRecord(rec, { format: 'auto', maxEventBytes: DEFAULT_CONFIG.limits.max_event_bytes }).map((raw) =>
    buildRecord(parseEvent(raw, 'auto', ctx), raw, DEFAULT_CONFIG),
  );
}

/** The record without the transport's own facts and without the listed source fields (each must be there). */
function without(r: LogRecord, dropped: readonly string[], keepId: boolean): Partial<LogRecord> {
  const { event_id, received_time: _, ...rest } = r;
  const fields = { ...r.fields };
  delete fields.kinesis_partition_key;
  for (const k of dropped) {
    expect(fields, `field ${k}`).toHaveProperty([k]);
    delete fields[k];
  }
  return keepId ? { ...rest, event_id, fields } : { ...rest, fields };
}

describe('shipper record shapes parse as the original journal entry', () => {
  const original = fromFile(fixture('journal-entry.json'));

  it('the original: etcd on the native transport, facility inferred from its unit, raft INFO raises debug', () => {
    expect(original.source_format).toBe('journald');
    expect(original.corrections).toEqual(['facility_inferred_unit', 'severity_from_go_log_level']);
    expect(original.time).toBe('2025-11-24T16:06:50.123401Z');
  });

  it('Vector journald source, JSON codec, emit_cursor = true: the same record, event_id included', () => {
    const [r] = fromKinesis(fixture('vector-journald.json'));
    expect(without(r, [], true)).toEqual(without(original, [], true));
  });

  it('Vector without emit_cursor: the same record but __CURSOR (so the id comes from the Kinesis sequence)', () => {
    const [r] = fromKinesis(fixture('vector-journald-no-cursor.json'));
    expect(r.fields.__CURSOR).toBeUndefined();
    expect(without(r, [], false)).toEqual(without(original, ['__CURSOR'], false));
  });

  it('Vector falls back to its timestamp when the journal times are gone', () => {
    const o = JSON.parse(fixture('vector-journald.json').toString('utf8')) as Record<string, unknown>;
    delete o._SOURCE_REALTIME_TIMESTAMP;
    delete o.__REALTIME_TIMESTAMP;
    const [r] = fromKinesis(Buffer.from(JSON.stringify(o)));
    expect(r.time).toBe('2025-11-24T16:06:50.123401Z');
    expect(r.host).toBe('cp-1');
    expect(r.message).toBe(original.message);
  });

  it.each([
    ['fluent-bit-systemd.json', 'names as journald writes them'],
    ['fluent-bit-systemd-strip-lowercase.json', 'Strip_Underscores On, Lowercase On'],
  ])('Fluent Bit systemd input + kinesis_streams output with time_key: %s (%s)', (name) => {
    const [r] = fromKinesis(fixture(name));
    // sd_journal_enumerate_data gives data fields only: journalctl's address fields are not in the record.
    expect(without(r, [], false)).toEqual(without(original, ['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP'], false));
  });

  it('Fluent Bit without _SOURCE_REALTIME_TIMESTAMP: the time key is the entry time (__REALTIME_TIMESTAMP, UTC)', () => {
    const o = JSON.parse(fixture('fluent-bit-systemd.json').toString('utf8')) as Record<string, unknown>;
    delete o._SOURCE_REALTIME_TIMESTAMP;
    const [r] = fromKinesis(Buffer.from(JSON.stringify(o) + '\n'));
    expect(r.time).toBe('2025-11-24T16:06:50.123456Z');
    expect(r.fields.time).toBeUndefined();
  });
});

describe('Amazon Kinesis Agent tailing rsyslog files parses as the line', () => {
  it.each([
    ['plain line (no processing options)', 'rsyslog-traditional.log', 'rsyslog-traditional.log'],
    ['SINGLELINE (a one-line record keeps its bytes)', 'rsyslog-traditional.log', 'rsyslog-traditional.log'],
    ['LOGTOJSON logFormat SYSLOG', 'kinesis-agent-syslog.json', 'rsyslog-traditional.log'],
    ['LOGTOJSON logFormat SYSLOG, no [pid]', 'kinesis-agent-syslog-no-pid.json', 'rsyslog-traditional-no-pid.log'],
    ['LOGTOJSON logFormat RFC3339SYSLOG (rsyslog RSYSLOG_FileFormat)', 'kinesis-agent-rfc3339syslog.json', 'rsyslog-fileformat.log'],
    ['plain RSYSLOG_FileFormat line', 'rsyslog-fileformat.log', 'rsyslog-fileformat.log'],
  ])('%s', (_, shipped, line) => {
    // The agent ends every record with a newline (LogToJSONDataConverter appends NEW_LINE).
    const payload = fixture(shipped);
    const [r] = fromKinesis(payload.toString('utf8').endsWith('\n') ? payload : Buffer.concat([payload, Buffer.from('\n')]));
    const o = fromFile(fixture(line));
    expect(without(r, [], false)).toEqual(without(o, [], false));
    expect(r.source_format).toBe('rfc3164');
    expect(r.app).toBe('kubelet');
    expect(r.time).not.toBeNull();
  });

  it('the kubelet line keeps its correction: klog E raises notice to err', () => {
    const [r] = fromKinesis(fixture('kinesis-agent-syslog.json'));
    expect(r.severity).toBe(3);
    expect(r.corrections).toContain('severity_from_klog');
  });
});

describe('Filebeat events through its Kinesis wrappers are the ECS shape already supported', () => {
  const golden = JSON.parse(readCorpus('journald-beats/input-multiline-parser-events.json').toString('utf8')) as Record<string, unknown>[];
  const { RecordAggregator } = kinesisAgg as unknown as {
    RecordAggregator: new () => { addUserRecord(r: { partitionKey: string; data: Buffer }): void; build(): { data: Buffer } };
  };

  it('awsbeats `streams` output: one JSON event per record', () => {
    for (const ev of golden) {
      const [r] = fromKinesis(Buffer.from(JSON.stringify(ev)));
      expect(without(r, [], false)).toEqual(without(fromFile(Buffer.from(JSON.stringify(ev))), [], false));
      expect(r.source_format).toBe('filebeat');
    }
  });

  it('Logstash kinesis output (KPL aggregation on, codec json): every event of the aggregate', () => {
    const agg = new RecordAggregator();
    for (const ev of golden) agg.addUserRecord({ partitionKey: 'logstash', data: Buffer.from(JSON.stringify(ev)) });
    const records = fromKinesis(agg.build().data);
    expect(records).toHaveLength(golden.length);
    records.forEach((r, i) => expect(without(r, [], false)).toEqual(without(fromFile(Buffer.from(JSON.stringify(golden[i]))), [], false)));
  });
});

describe('auto-detection tells the shapes apart', () => {
  it.each([
    ['journal-entry.json', 'journald'],
    ['vector-journald.json', 'vector'],
    ['vector-journald-no-cursor.json', 'vector'],
    ['fluent-bit-systemd.json', 'fluent-bit'],
    ['fluent-bit-systemd-strip-lowercase.json', 'fluent-bit'],
    ['kinesis-agent-syslog.json', 'kinesis-agent'],
    ['kinesis-agent-syslog-no-pid.json', 'kinesis-agent'],
    ['kinesis-agent-rfc3339syslog.json', 'kinesis-agent'],
    ['rsyslog-traditional.log', 'rfc3164'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(fixture(name), looksLikeRfc3164).format).toBe(format);
  });

  it('a Filebeat event and an agent object with an extra key are not mistaken', () => {
    const golden = JSON.parse(readCorpus('journald-beats/input-multiline-parser-events.json').toString('utf8')) as unknown[];
    expect(detectFormat(Buffer.from(JSON.stringify(golden[0])), looksLikeRfc3164).format).toBe('filebeat');
    const extra = { ...(JSON.parse(fixture('kinesis-agent-syslog.json').toString('utf8')) as object), level: 'x' };
    expect(detectFormat(Buffer.from(JSON.stringify(extra)), looksLikeRfc3164).format).toBe('plain');
  });
});
