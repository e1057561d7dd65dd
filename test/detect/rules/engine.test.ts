import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { defaultDetectors } from '../../../functions/detect/registry.js';
import { builtinRules } from '../../../functions/detect/rules/rule-set.js';
import type { RuleSpec } from '../../../functions/detect/rules/spec.js';
import { MAX_EVIDENCE, MAX_GROUPS_PER_HOME } from '../../../functions/detect/rules/state.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding, StateStore } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG, type DetectorsConfig } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { validateFinding } from '../../../functions/shared/schemas.js';
import { recordFromMessage } from '../../support/records.js';

const T0 = Date.parse('2026-11-26T01:00:00Z');
const BUILTIN_NAMES = builtinRules().map((b) => b.spec.name);

let seq = 0;
/** A kernel record `sec` seconds after T0 on `host`. */
function kernel(sec: number, message: string, host = 'node-1', extra: Record<string, unknown> = {}): LogRecord {
  return recordFromMessage(message, {
    time: new Date(T0 + sec * 1000).toISOString(),
    transport: 'kernel',
    app: 'kernel',
    host,
    cluster: 'prod',
    identity: `rules-test:${seq++}`,
    ...extra,
  });
}

function config(rules: RuleSpec[], rest: Partial<DetectorsConfig> = {}): DetectorsConfig {
  // The built-in node rules are off here (they would also match these kernel lines); test/detect/node tests them.
  return { ...DEFAULT_CONFIG.detectors, allowed_lateness_seconds: 0, rules, disable_rules: BUILTIN_NAMES, ...rest };
}

/** Runs records through a fresh engine on `store`; `end` closes everything still open (the CLI's detect). */
async function run(cfg: DetectorsConfig, records: LogRecord[], store: StateStore = new MemoryStateStore(), end = true): Promise<Finding[]> {
  const engine = new DetectionEngine(defaultDetectors(cfg), store, cfg);
  const emitted: Finding[] = [];
  for (const r of records) engine.push(r);
  emitted.push(...(await engine.flush()));
  if (end) return engine.end();
  return emitted;
}

const rulesOnly = (fs: Finding[]): Finding[] => fs.filter((f) => typeof f.details.rule === 'string');

const HUNG: RuleSpec = {
  name: 'test-task-hung',
  type: 'task_hung',
  select: { transport: ['kernel'] },
  match: 'INFO: task (?<task>[^\\s:]{1,64}):(?<pid>\\d{1,10}) blocked for more than (?<seconds>\\d{1,10}) seconds',
  fold: {
    continue: '^(?:\\s|Call Trace:|\\[<|<TASK>|</TASK>|"echo 0)',
    capture: ['^\\s{1,8}(?<function>[a-z_][a-z0-9_.]{0,64})\\+0x'],
    max_gap_seconds: 2,
  },
  severity: 'warning',
  details: ['task', 'pid', 'seconds', 'function'],
  summary: 'task {task} (pid {pid}) blocked for more than {seconds} seconds on {host} in {function}',
  remediation: 'Look at the I/O the task waits for.',
};

describe('rule engine', () => {
  it('folds a multi-line report into one finding with captures from the folded lines', async () => {
    const records = [
      kernel(0, 'INFO: task jbd2/sda1-8:312 blocked for more than 120 seconds.'),
      kernel(0.1, '      Not tainted 5.15.0-91-generic #101-Ubuntu'),
      kernel(0.2, '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.'),
      kernel(0.3, 'Call Trace:'),
      kernel(0.4, ' <TASK>'),
      kernel(0.5, ' __schedule+0x2cd/0x890'),
      kernel(0.6, ' schedule+0x69/0x110'),
      kernel(0.7, ' </TASK>'),
      kernel(5, 'eth0: link up'), // not a continuation: the report is over
      kernel(5.1, ' something+0x1/0x2'), // a stray indented line after the report ended (gap)
    ];
    const found = rulesOnly(await run(config([HUNG]), records));
    expect(found).toHaveLength(1);
    const f = found[0];
    expect(validateFinding(f), JSON.stringify(validateFinding.errors)).toBe(true);
    expect(f).toMatchObject({
      type: 'task_hung',
      severity: 'warning',
      host: 'node-1',
      cluster: 'prod',
      status: 'open',
      summary: 'task jbd2/sda1-8 (pid 312) blocked for more than 120 seconds on node-1 in __schedule',
      details: { rule: 'test-task-hung', count: 1, task: 'jbd2/sda1-8', pid: 312, seconds: 120, function: '__schedule' },
    });
    expect(f.evidence).toEqual(records.slice(0, 8).map((r) => r.event_id));
    expect(f.time).toBe(records[0].time);
    expect(f.last_seen).toBe(records[7].time);
    expect(f.time_end).toBe(records[7].time);
  });

  it('`until` ends a report and max_lines bounds it', async () => {
    const rule: RuleSpec = {
      ...HUNG,
      fold: { continue: '^\\s', until: '^ ---\\[ end trace', max_lines: 3 },
    };
    const a = [kernel(0, 'INFO: task a:1 blocked for more than 120 seconds.'), kernel(0.1, ' x+0x1'), kernel(0.2, ' ---[ end trace 0 ]---'), kernel(0.3, ' y+0x1')];
    const [fa] = rulesOnly(await run(config([rule]), a));
    expect(fa.evidence).toEqual(a.slice(0, 3).map((r) => r.event_id));
    const b = [kernel(0, 'INFO: task a:1 blocked for more than 120 seconds.'), ...[1, 2, 3, 4].map((i) => kernel(i * 0.1, ` f${i}+0x1`))];
    const [fb] = rulesOnly(await run(config([rule]), b));
    expect(fb.evidence).toEqual(b.slice(0, 3).map((r) => r.event_id));
  });

  it('a report split across two batches (two detector instances) still folds into one finding', async () => {
    const store = new MemoryStateStore();
    const cfg = config([HUNG]);
    const head = [kernel(0, 'INFO: task a:1 blocked for more than 120 seconds.'), kernel(0.1, 'Call Trace:')];
    const tail = [kernel(0.2, ' io_schedule+0x12/0x40'), kernel(0.3, ' </TASK>'), kernel(200, 'eth0: link up')];
    await run(cfg, head, store, false);
    const found = rulesOnly(await run(cfg, tail, store, false));
    expect(found).toHaveLength(1);
    expect(found[0].evidence).toEqual([...head, ...tail.slice(0, 2)].map((r) => r.event_id));
    expect(found[0].details.function).toBe('io_schedule');
  });

  it('folds reports long after the first record (the per-host gate), and not stray lines', async () => {
    const records = [
      kernel(0, 'Linux version 6.1.0'),
      kernel(500, 'INFO: task b:2 blocked for more than 240 seconds.'),
      kernel(500.5, ' io_schedule+0x12/0x40'),
      kernel(501, ' folio_wait_bit+0x1/0x2'),
      kernel(600, ' stray+0x1/0x2'),
    ];
    const [f] = rulesOnly(await run(config([HUNG]), records));
    expect(f.evidence).toEqual(records.slice(1, 4).map((r) => r.event_id));
    expect(f.details.function).toBe('io_schedule');
  });

  it('lines of another host or app never fold into a report', async () => {
    const records = [
      kernel(0, 'INFO: task a:1 blocked for more than 120 seconds.'),
      kernel(0.1, ' other_host+0x1', 'node-2'),
      kernel(0.2, ' right+0x1'),
    ];
    const [f] = rulesOnly(await run(config([HUNG]), records));
    expect(f.evidence).toEqual([records[0].event_id, records[2].event_id]);
  });

  const CONNTRACK: RuleSpec = {
    name: 'test-conntrack',
    type: 'conntrack_table_full',
    select: { transport: ['kernel'] },
    match: 'nf_conntrack: table full, dropping packet',
    threshold: { count: 3, window_seconds: 60 },
    merge_seconds: 300,
    severity: 'critical',
    summary: 'conntrack table full on {host}: {count} drops',
    remediation: 'Raise nf_conntrack_max.',
  };

  it('threshold: count matches within the window open an incident; fewer, or spread wider, do not', async () => {
    const few = [kernel(0, 'nf_conntrack: table full, dropping packet'), kernel(10, 'nf_conntrack: table full, dropping packet')];
    expect(rulesOnly(await run(config([CONNTRACK]), few))).toEqual([]);
    const spread = [0, 70, 140].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet'));
    expect(rulesOnly(await run(config([CONNTRACK]), spread))).toEqual([]);
    const burst = [0, 20, 50].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet'));
    const found = rulesOnly(await run(config([CONNTRACK]), burst));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'critical', summary: 'conntrack table full on node-1: 3 drops', details: { count: 3 } });
    expect(found[0].evidence).toEqual(burst.map((r) => r.event_id));
    expect(found[0].time).toBe(burst[0].time);
  });

  it('merge: matches within merge_seconds extend the incident (same id); later ones open a new one', async () => {
    const lines = [0, 20, 50, 200, 450, 2000, 2010, 2020].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet'));
    const found = rulesOnly(await run(config([CONNTRACK]), lines));
    expect(found).toHaveLength(2);
    expect(found[0].details.count).toBe(5);
    expect(found[0].last_seen).toBe(lines[4].time);
    expect(found[1].details.count).toBe(3);
    expect(found[1].time).toBe(lines[5].time);
    expect(found[0].finding_id).not.toBe(found[1].finding_id);
  });

  it('groups per captured value and per host', async () => {
    const rule: RuleSpec = {
      name: 'test-io',
      type: 'io_error',
      match: 'I/O error, dev (?<device>[a-z0-9]{1,32}), sector (?<sector>\\d{1,20})',
      group_by: ['host', 'capture:device'],
      severity: 'warning',
      details: ['device', 'sector'],
      summary: 'I/O errors on {device} of {host}',
      remediation: 'Check the disk.',
    };
    const records = [
      kernel(0, 'blk_update_request: I/O error, dev sda, sector 100 op 0x0:(READ)'),
      kernel(1, 'blk_update_request: I/O error, dev sdb, sector 7 op 0x0:(READ)'),
      kernel(2, 'blk_update_request: I/O error, dev sda, sector 200 op 0x0:(READ)'),
      kernel(3, 'blk_update_request: I/O error, dev sda, sector 300 op 0x0:(READ)', 'node-2'),
    ];
    const found = rulesOnly(await run(config([rule]), records));
    expect(found.map((f) => `${f.host} ${f.details.device} ${f.details.count} ${f.details.sector}`).sort()).toEqual([
      'node-1 sda 2 100',
      'node-1 sdb 1 7',
      'node-2 sda 1 300',
    ]);
  });

  const FLAP: RuleSpec = {
    name: 'test-flap',
    type: 'service_restart',
    select: { app: ['systemd'] },
    match: '^(?<unit>kubelet|containerd)\\.service: Scheduled restart job',
    group_by: ['host', 'capture:unit'],
    severity: 'warning',
    details: ['unit'],
    summary: '{unit} restarting on {host}',
    remediation: 'Read the unit log.',
    resolve: { match: '^Started (?<unit>kubelet|containerd)\\.service', quiet_seconds: 3600 },
  };
  const sd = (sec: number, msg: string, host = 'node-1'): LogRecord => kernel(sec, msg, host, { transport: 'journal', app: 'systemd' });

  it('resolves on a recovery line of the same group: a new version, status resolved, time_end the recovery', async () => {
    const records = [
      sd(0, 'kubelet.service: Scheduled restart job, restart counter is at 1.'),
      sd(5, 'Started containerd.service - containerd container runtime.'), // another group: no effect
      sd(30, 'Started kubelet.service - kubelet: The Kubernetes Node Agent.'),
    ];
    const store = new MemoryStateStore();
    const cfg = config([FLAP]);
    const engine = new DetectionEngine(defaultDetectors(cfg), store, cfg);
    for (const r of records) engine.push(r);
    const emitted = rulesOnly(await engine.flush());
    // The open version and the resolution within one batch: the resolved version is what goes out.
    expect(emitted.map((f) => f.status)).toEqual(['resolved']);
    expect(emitted[0]).toMatchObject({ time: records[0].time, time_end: records[2].time, last_seen: records[0].time, details: { unit: 'kubelet', count: 1 } });
    expect(emitted[0].evidence).toEqual([records[0].event_id, records[2].event_id]);
    expect(await store.keys('rules:')).toEqual([]); // resolved and emitted: forgotten
  });

  it('resolves after a quiet period by event time (watermark), not at end of input', async () => {
    const cfg = config([FLAP]);
    const first = [sd(0, 'kubelet.service: Scheduled restart job, restart counter is at 1.'), sd(600, 'kubelet.service: Scheduled restart job, restart counter is at 2.')];
    const atEnd = rulesOnly(await run(cfg, first));
    expect(atEnd).toHaveLength(1);
    expect(atEnd[0]).toMatchObject({ status: 'open', details: { count: 2 } });

    const store = new MemoryStateStore();
    const open = rulesOnly(await run(cfg, first, store, false));
    expect(open.map((f) => f.status)).toEqual(['open']);
    // Another run, later: the watermark passes last + quiet_seconds.
    const later = rulesOnly(await run(cfg, [sd(600 + 3601, 'unrelated line')], store, false));
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ finding_id: open[0].finding_id, status: 'resolved', last_seen: first[1].time });
    expect(later[0].time_end).toBe(new Date(T0 + (600 + 3600) * 1000).toISOString().replace('Z', '000Z'));
  });

  it('state carries an incident across two runs (batches): the second extends the first, same id', async () => {
    const store = new MemoryStateStore();
    const cfg = config([CONNTRACK]);
    const one = rulesOnly(await run(cfg, [0, 10].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet')), store, false));
    expect(one).toEqual([]); // 2 of 3: below the threshold, kept pending
    const two = rulesOnly(await run(cfg, [20, 40].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet')), store, false));
    expect(two).toHaveLength(1);
    expect(two[0].details.count).toBe(4); // 0, 10, 20 open it; 40 extends
    const three = rulesOnly(await run(cfg, [kernel(300, 'nf_conntrack: table full, dropping packet')], store, false));
    expect(three).toHaveLength(1);
    expect(three[0]).toMatchObject({ finding_id: two[0].finding_id, time: two[0].time, details: { count: 5 } });
    // Past merge_seconds the next match starts a new incident.
    const four = rulesOnly(await run(cfg, [700, 710, 720].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet')), store, false));
    expect(four).toHaveLength(1);
    expect(four[0].finding_id).not.toBe(two[0].finding_id);
  });

  it('a record seen twice (a retried batch) never counts twice', async () => {
    const store = new MemoryStateStore();
    const cfg = config([CONNTRACK]);
    const burst = [0, 10].map((s) => kernel(s, 'nf_conntrack: table full, dropping packet'));
    await run(cfg, burst, store, false);
    expect(rulesOnly(await run(cfg, burst, store))).toEqual([]);
  });

  it('bounds state: evidence per incident and groups per host', async () => {
    const many = Array.from({ length: MAX_EVIDENCE + 50 }, (_, i) => kernel(i, 'nf_conntrack: table full, dropping packet'));
    const [f] = rulesOnly(await run(config([CONNTRACK]), many));
    expect(f.evidence).toHaveLength(MAX_EVIDENCE);
    expect(f.details.count).toBe(MAX_EVIDENCE + 50);

    const rule: RuleSpec = {
      name: 'test-martian',
      type: 'martian_packets',
      match: 'martian source (?<source>[0-9.]{7,15})',
      group_by: ['host', 'capture:source'],
      severity: 'info',
      summary: 'martian {source}',
      remediation: 'rp_filter',
    };
    const store = new MemoryStateStore();
    const flood = Array.from({ length: MAX_GROUPS_PER_HOME + 20 }, (_, i) => kernel(i * 0.01, `IPv4: martian source 10.0.${i >> 8}.${i & 255} from 10.1.0.1, on dev eth0`));
    const found = rulesOnly(await run(config([rule]), flood, store));
    // The groups evicted to make room were emitted first: every incident is reported.
    expect(found.length).toBe(MAX_GROUPS_PER_HOME + 20);
    const [key] = await store.keys('rules:s:');
    const state = (await store.get<{ groups: object }>(key))!.value;
    expect(Object.keys(state.groups).length).toBeLessThanOrEqual(MAX_GROUPS_PER_HOME);
  });

  it('select narrows which records a rule sees; severity follows a capture', async () => {
    const rule: RuleSpec = {
      name: 'test-hw',
      type: 'hardware_error',
      select: { transport: ['kernel'], severity_at_most: 'warning' },
      match: '\\{\\d{1,6}\\}\\[Hardware Error\\]: event severity: (?<sev>corrected|recoverable|fatal)',
      severity: { capture: 'sev', map: { Fatal: 'critical', corrected: 'info' }, default: 'warning' },
      group_by: ['host', 'capture:sev'],
      summary: 'hardware error ({sev}) on {host}',
      remediation: 'Check the hardware.',
    };
    const recs = [
      kernel(0, '{1}[Hardware Error]: event severity: fatal', 'node-1', { severity_received: 0 }),
      kernel(1, '{2}[Hardware Error]: event severity: corrected', 'node-1', { severity_received: 4 }),
      kernel(2, '{3}[Hardware Error]: event severity: recoverable', 'node-1', { severity_received: 6 }), // info: not selected
      kernel(3, '{4}[Hardware Error]: event severity: recoverable', 'node-1', { transport: 'syslog', severity_received: 3 }),
    ];
    const found = rulesOnly(await run(config([rule]), recs));
    expect(found.map((f) => `${f.details.rule} ${f.severity} ${f.summary}`).sort()).toEqual([
      'test-hw critical hardware error (fatal) on node-1',
      'test-hw info hardware error (corrected) on node-1',
    ]);
  });
});
