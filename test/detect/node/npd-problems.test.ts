import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../../functions/detect/engine.js';
import { defaultDetectors } from '../../../functions/detect/registry.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import type { Finding } from '../../../functions/detect/types.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { kernelLog } from './support.js';

// Issue 15: "Today logsift finds 1 of NPD's 8 kernel problem reasons on NPD's own problem logs."
// NPD's kernel_log_generator writes each problem file to /dev/kmsg once a second (RUN_ONCE=false);
// here each file is played three times, 10 s apart, through the detectors every run uses
// (defaultDetectors: etcd, oom, cert and the built-in rules), as `logsift detect` and the Lambda do.
async function detectAll(records: LogRecord[]): Promise<Finding[]> {
  const config = DEFAULT_CONFIG.detectors;
  const engine = new DetectionEngine(defaultDetectors(config), new MemoryStateStore(), config);
  const latest = new Map<string, Finding>();
  for (const r of records) engine.push(r);
  for (const f of [...(await engine.flush()), ...(await engine.end())]) latest.set(f.finding_id, f);
  return [...latest.values()];
}

const PROBLEMS: Array<[string, string | null]> = [
  ['docker_hung', 'task_hung'],
  ['aufs_umount_hung', 'task_hung'],
  ['divide_zero', 'kernel_oops'],
  ['null_pointer', 'kernel_oops'],
  ['readonly_filesystem', 'fs_read_only'],
  ['unregister_netdevice', 'netdev_unregister_wait'],
  ['oom_kill', 'oom_kill'],
  ['au_opts_verify', null],
];

describe("NPD's kernel problem logs", () => {
  for (const [problem, type] of PROBLEMS) {
    it(`${problem} → ${type ?? 'no finding'}`, async () => {
      const records = [0, 10, 20].flatMap((at) => kernelLog(`npd-${problem}.log`, { at }));
      const findings = await detectAll(records);
      expect(findings.map((f) => f.type)).toEqual(type === null ? [] : [type]);
    });
  }

  it('all problems on one node at once: every reason found, each once', async () => {
    const records = PROBLEMS.flatMap(([problem], k) => [0, 10, 20].flatMap((at) => kernelLog(`npd-${problem}.log`, { at: at + k * 2 })));
    records.sort((a, b) => Date.parse(a.time!) - Date.parse(b.time!));
    const types = (await detectAll(records)).map((f) => f.type).sort();
    expect(types).toEqual(['fs_read_only', 'kernel_oops', 'netdev_unregister_wait', 'oom_kill', 'task_hung']);
  });
});
