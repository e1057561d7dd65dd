import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeErrors, validateFinding } from '../../functions/shared/schemas.js';
import { corpusPath, readJsonl } from '../support/corpora.js';
import { cli } from './run-cli.js';

const RT = ['--received-time', '2026-11-26T02:00:00Z'];
const scratch = mkdtempSync(join(tmpdir(), 'logsift-cli-'));

/** Runs detect and parse over the same files: findings must rest on records parse wrote. */
async function detectAndParse(files: string[], extra: string[] = []): Promise<any[]> {
  const detect = await cli(['detect', ...RT, ...extra, ...files]);
  expect(detect.code).toBe(0);
  const parse = await cli(['parse', ...RT, ...extra, ...files]);
  const ids = new Set(parse.lines.map((r) => r.event_id));
  for (const f of detect.lines) {
    expect(validateFinding(f), describeErrors(validateFinding.errors)).toBe(true);
    for (const id of f.evidence) expect(ids.has(id), `${f.type} evidence ${id}`).toBe(true);
  }
  return detect.lines;
}

describe('logsift detect on ../shared/corpora/etcd-capnslog (one file per member)', () => {
  it('finds every leader change of the ground truth exactly once, and one churn episode', async () => {
    const files = ['n1', 'n2', 'n3'].map((m) => corpusPath(`etcd-capnslog/${m}.log`));
    const findings = await detectAndParse(files, ['--cluster', 'corpus']);
    const expected = new Map<number, string>();
    for (const e of readJsonl('etcd-capnslog/leader_events_expected.jsonl')) {
      if (e.event === 'elected_leader' || e.event === 'changed_leader') expected.set(e.term, e.leader ?? e.to);
    }
    const changes = findings.filter((f) => f.type === 'etcd_leader_change');
    expect(changes.map((f) => [f.details.term, f.details.leader]).sort()).toEqual([...expected.entries()].sort());
    expect(new Set(changes.map((f) => f.finding_id)).size).toBe(changes.length);
    const churn = findings.filter((f) => f.type === 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    expect(churn[0].details.changes).toBe(expected.size);
    expect(churn[0].cluster).toBe('corpus');
  });

  it('gives the same findings whatever the order of the files', async () => {
    const files = ['n1', 'n2', 'n3'].map((m) => corpusPath(`etcd-capnslog/${m}.log`));
    const a = await cli(['detect', ...RT, '--cluster', 'corpus', ...files]);
    const b = await cli(['detect', ...RT, '--cluster', 'corpus', ...[...files].reverse()]);
    expect(b.lines.map((f) => f.finding_id).sort()).toEqual(a.lines.map((f) => f.finding_id).sort());
  });
});

describe('logsift detect on ../shared/corpora/oom-cadvisor-npd', () => {
  it('finds every expected OOM kill of the kernel streams, once each, with pid and process name', async () => {
    for (const stream of readJsonl('oom-cadvisor-npd/oom_streams.jsonl')) {
      const lines: string[] = [];
      for (const input of stream.inputs) {
        const t = new Date(input.time_unix * 1000).toISOString();
        for (const l of input.lines) lines.push(`<4>1 ${t} node-1 kernel - - - ${l}`);
      }
      const file = join(scratch, `${stream.name}.log`);
      writeFileSync(file, lines.join('\n') + '\n');
      const kills = (await detectAndParse([file])).filter((f) => f.type === 'oom_kill');
      expect(kills.map((k) => [k.details.victim_pid, k.details.victim_comm]), stream.name).toEqual(
        stream.expected.map((e: any) => [e.pid, e.process_name]),
      );
    }
  });
});

describe('logsift detect on ../shared/corpora/x509-errors', () => {
  const vectors = readJsonl('x509-errors/tls_validity_errors.jsonl');

  it('flags the expiry errors with the right kind and no negative', async () => {
    const positives = vectors.filter((v) => v.expected.is_cert_validity_error);
    const negatives = vectors.filter((v) => !v.expected.is_cert_validity_error);
    expect(positives.length).toBeGreaterThan(0);
    expect(negatives.length).toBeGreaterThan(0);
    for (const v of positives) {
      const file = join(scratch, `pos-${v.scenario}-${v.tool}-${v.output_line_no}.log`);
      writeFileSync(file, `<11>1 2026-11-26T01:25:49Z client-1 ${v.tool} - - - ${v.line}\n`);
      const found = await detectAndParse([file]);
      const kind = v.expected.kind === 'not_yet_valid' ? 'cert_not_yet_valid' : 'cert_expired';
      expect(found.map((f) => f.type), v.line).toEqual([kind]);
      if (v.expected.bound_time) expect(found[0].details.bound_time, v.line).toBe(v.expected.bound_time.replace('Z', '.000000Z'));
    }
    const file = join(scratch, 'negatives.log');
    writeFileSync(file, negatives.map((v) => `<11>1 2026-11-26T01:25:49Z client-1 ${v.tool} - - - ${v.line}`).join('\n') + '\n');
    expect(await detectAndParse([file])).toEqual([]);
  });
});

describe('logsift detect: late records are reported on stderr', () => {
  const members = ['n1', 'n2', 'n3'].map((m) => readFileSync(corpusPath(`etcd-capnslog/${m}.log`), 'utf8').split('\n').filter((l) => l.length > 0));
  /** The members' lines interleaved out of time order (a fixed permutation, not sorted). */
  function shuffledFile(): string {
    const lines = members.flat();
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) out.push(lines[(i * 7919) % lines.length]);
    const file = join(scratch, 'etcd-shuffled.log');
    writeFileSync(file, out.join('\n') + '\n');
    return file;
  }

  // The corpus spans 57 s of event time, so a 5 s lateness makes the disorder matter.
  const lateness5 = join(scratch, 'lateness-5s.json');
  writeFileSync(lateness5, JSON.stringify({ detectors: { allowed_lateness_seconds: 5 } }));

  it('shuffled input: one warning line with the count; the merged files in order give none', async () => {
    const shuffled = await cli(['detect', ...RT, '--config', lateness5, '--cluster', 'c', shuffledFile()]);
    expect(shuffled.code).toBe(0);
    const lines = shuffled.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^logsift: warning: \d+ records were more than 5 s \(detectors\.allowed_lateness_seconds\) older than the newest event time seen before them; findings may miss them$/);
    expect(Number(/(\d+) records/.exec(lines[0])![1])).toBeGreaterThan(0);
    const ordered = await cli(['detect', ...RT, '--config', lateness5, '--cluster', 'c', ...['n1', 'n2', 'n3'].map((m) => corpusPath(`etcd-capnslog/${m}.log`))]);
    expect(ordered.code).toBe(0);
    expect(ordered.stderr).toBe('');
  });

  it('the default 300 s lateness covers this disorder: no warning', async () => {
    const r = await cli(['detect', ...RT, '--cluster', 'c', shuffledFile()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('logsift detect: a churn episode spread over many detection batches', () => {
  it('writes one finding per id, the final version of the churn that was reported while it grew', async () => {
    // journald JSON from three etcd members, with enough unrelated lines between elections that
    // the crossing (4th change) and the 5th change fall in different engine batches (DETECT_BATCH).
    const ids = ['a1b2c3d4e5f60718', '2b3c4d5e6f708192', 'c3d4e5f607182930'];
    const leaders = [0, 1, 2, 0, 1];
    const t0 = Date.parse('2026-11-26T10:00:00Z');
    const entry = (ms: number, host: string, app: string, message: string): string =>
      JSON.stringify({ __REALTIME_TIMESTAMP: String(ms * 1000), _HOSTNAME: host, SYSLOG_IDENTIFIER: app, PRIORITY: '6', MESSAGE: message });
    const lines: string[] = [];
    leaders.forEach((leader, i) => {
      const ms = t0 + i * 100_000;
      for (let k = 0; k < 4000; k++) lines.push(entry(ms - 90_000 + k * 20, 'w1', 'kubelet', `sync pod ${k}`));
      ids.forEach((id, m) => lines.push(entry(ms + m, `cp${m + 1}`, 'etcd', `raft2026/11/26 10:00:00 INFO: raft.node: ${id} elected leader ${ids[leader]} at term ${11 + i}`)));
    });
    const file = join(scratch, 'churn-many-batches.json');
    writeFileSync(file, lines.join('\n') + '\n');
    const findings = await detectAndParse([file], ['--cluster', 'big']);
    expect(new Set(findings.map((f) => f.finding_id)).size).toBe(findings.length);
    const churn = findings.filter((f) => f.type === 'etcd_leader_churn');
    expect(churn).toHaveLength(1);
    expect(churn[0].details.changes).toBe(5);
    expect(churn[0].details.terms).toEqual([11, 12, 13, 14, 15]);
    expect(findings.filter((f) => f.type === 'etcd_leader_change')).toHaveLength(5);
  });
});
