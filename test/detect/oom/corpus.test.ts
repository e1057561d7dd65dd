import { describe, expect, it } from 'vitest';
import { recognizeOom } from '../../../functions/detect/oom/recognize.js';
import { formatMillis } from '../../../functions/shared/time.js';
import { readJsonl } from '../../support/corpora.js';
import { recordFromMessage } from '../../support/records.js';
import { checkFindings, detect, kernelRecord } from './support.js';

interface Stream {
  name: string;
  inputs: Array<{ time_unix: number; lines: string[] }>;
  expected: Array<{ pid: number; process_name: string; time_of_death_unix: number; container_name: string; victim_container_name: string }>;
}

const DIR = 'oom-cadvisor-npd/';

/** cadvisor reports "/" when the kernel names no memcg (a global OOM); logsift says null. */
const memcgOrRoot = (v: unknown): unknown => v ?? '/';

describe('oom detector on cadvisor kmsg streams', () => {
  for (const stream of readJsonl<Stream>(DIR + 'oom_streams.jsonl')) {
    it(`${stream.name}: every expected OOM found once, with pid, name and memcgs`, async () => {
      const records = stream.inputs.flatMap((input, i) =>
        input.lines.map((line, j) => kernelRecord(line, new Date(input.time_unix * 1000).toISOString(), `${stream.name}:${i}:${j}`)),
      );
      const findings = await detect(records);
      checkFindings(findings, records);
      expect(findings).toHaveLength(stream.expected.length);
      const got = findings.map((f) => ({
        pid: f.details.victim_pid,
        process_name: f.details.victim_comm,
        time_of_death_unix: Date.parse(f.time_end) / 1000,
        container_name: memcgOrRoot(f.details.task_memcg),
        victim_container_name: memcgOrRoot(f.details.oom_memcg),
      }));
      expect(got).toEqual(stream.expected.map(({ pid, process_name, time_of_death_unix, container_name, victim_container_name }) => ({ pid, process_name, time_of_death_unix, container_name, victim_container_name })));
      for (const f of findings) {
        // A null memcg must mean a global OOM, not a lost memcg line.
        if (f.details.task_memcg === null) expect(f.details.constraint).toBe('global');
        else expect(f.details.constraint).toBe('memcg');
        expect(f.details.trigger_comm).toBe(f.details.victim_comm);
        expect(f.details.trigger_pid).toBe(f.details.victim_pid);
        expect(f.time).toBe(formatMillis(Date.parse(f.time)));
      }
    });
  }
});

interface LineVector {
  name: string;
  line: string;
  expected: {
    is_oom_start?: boolean;
    killed_process_parsed?: boolean;
    pid?: number;
    process_name?: string;
    container_name?: string;
    victim_container_name?: string;
    constraint?: string;
  };
}

describe('oom recognizer on cadvisor single-line vectors', () => {
  for (const v of readJsonl<LineVector>(DIR + 'oom_line_vectors.jsonl')) {
    it(`${v.name}: ${v.line.slice(0, 60)}`, () => {
      const s = recognizeOom(recordFromMessage(v.line, { source_format: 'plain' }));
      expect(s).not.toBeNull();
      const e = v.expected;
      if (e.is_oom_start) expect(s).toMatchObject({ kind: 'trigger', comm: 'ruby' });
      if (e.killed_process_parsed) expect(s).toMatchObject({ kind: 'killed', pid: e.pid, comm: e.process_name });
      if (e.constraint) {
        expect(s).toMatchObject({
          kind: 'summary',
          pid: e.pid,
          comm: e.process_name,
          constraint: e.constraint === 'CONSTRAINT_MEMCG' ? 'memcg' : 'other',
          task_memcg: e.container_name,
          oom_memcg: e.victim_container_name,
        });
      } else if (e.victim_container_name) {
        expect(s).toMatchObject({ kind: 'legacy_memcg', task_memcg: e.container_name, oom_memcg: e.victim_container_name });
      }
    });
  }

  it('a lone Killed line with an awkward name is one finding with that name', async () => {
    const vectors = readJsonl<LineVector>(DIR + 'oom_line_vectors.jsonl').filter((v) => v.expected.killed_process_parsed);
    for (const [i, v] of vectors.entries()) {
      const record = kernelRecord(v.line, '2026-11-26T10:00:00.000001Z', `vector:${i}`);
      const findings = await detect([record]);
      checkFindings(findings, [record]);
      expect(findings.map((f) => [f.details.victim_pid, f.details.victim_comm])).toEqual([[v.expected.pid, v.expected.process_name]]);
    }
  });
});

interface NpdVector {
  line: string;
  npd_rule: { pattern: string };
  expected: { npd_rule_matches: boolean };
}

describe('node-problem-detector OOM vectors', () => {
  const vectors = readJsonl<NpdVector>(DIR + 'npd_oom_kill_vectors.jsonl');

  it('recognizes both lines, including the "Kill process … sacrifice child" line NPD misses', () => {
    const kinds = vectors.map((v) => recognizeOom(kernelRecord(v.line, '2026-11-26T10:00:00Z', v.line))?.kind);
    expect(kinds).toEqual(['select', 'killed']);
    expect(vectors.map((v) => new RegExp(v.npd_rule.pattern).test(v.line))).toEqual(vectors.map((v) => v.expected.npd_rule_matches));
  });

  it('the two lines of one kill make one finding (pid 1012, heapster, memcg)', async () => {
    const records = vectors.map((v, i) => kernelRecord(v.line, `2026-11-26T10:00:00.00000${i}Z`, `npd:${i}`));
    const findings = await detect(records);
    checkFindings(findings, records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ victim_pid: 1012, victim_comm: 'heapster', constraint: 'memcg', total_vm_kb: 327128, anon_rss_kb: 306328 });
    expect(findings[0].evidence).toHaveLength(2);
  });
});
