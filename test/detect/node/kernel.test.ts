import { describe, expect, it } from 'vitest';
import { byTime, idsOf, kernelLine, kernelLog, ofType, runRules } from './support.js';

// task_hung and kernel_oops (functions/detect/rules/builtin/kernel.rules.json) on real reports:
// kernel 3.16 (NPD's problem logs), 4.x (kernel docs), 5.6/5.14/6.1/6.12/6.14/6.17 (kernel lists).
describe('task_hung: one finding per report, the stack folded in', () => {
  const cases = [
    { file: 'npd-docker_hung.log', task: 'docker', pid: 20744, seconds: 120, kernel: '3.16.0-4-amd64' },
    { file: 'npd-aufs_umount_hung.log', task: 'umount.aufs', pid: 21568, seconds: 120, kernel: '3.16.0-4-amd64' },
    { file: 'lkml-hung-mutex-6.14.log', task: 'cat', pid: 115, seconds: 122, kernel: '6.14.0-rc3-00003-ga8946be3de00' },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.task}:${c.pid}, every line of the report is evidence`, async () => {
      const records = kernelLog(c.file);
      const findings = await runRules(records);
      expect(findings.map((f) => f.type)).toEqual(['task_hung']);
      const [f] = findings;
      expect(f.details).toMatchObject({ task: c.task, pid: c.pid, seconds: c.seconds, kernel: c.kernel, count: 1, rule: 'kernel-task-hung' });
      expect(f.severity).toBe('warning');
      expect(f.host).toBe('node-1');
      expect(f.cluster).toBe('prod');
      expect(f.status).toBe('open');
      expect(f.evidence).toEqual(idsOf(records));
      expect(f.summary).toBe(`Hung task on node-1: ${c.task} (pid ${c.pid}) blocked in uninterruptible sleep for more than ${c.seconds} s (1 reports)`);
    });
  }

  it('5.6 (pre-5.8 stack header, dmesg stamps): the hung md thread and the I/O error before it', async () => {
    const records = kernelLog('lkml-hung-md-raid10-5.6.log');
    const findings = await runRules(records);
    expect(findings.map((f) => f.type)).toEqual(['io_error', 'task_hung']);
    const hung = ofType(findings, 'task_hung')[0];
    expect(hung.details).toMatchObject({ task: 'md0_raid10', pid: 14069, seconds: 122, kernel: '5.6.0-rc3+' });
    // The header, the Tainted line, the echo line, the stack header and the 18 trace lines.
    expect(hung.evidence).toHaveLength(22);
    expect(ofType(findings, 'io_error')[0].details).toMatchObject({ device: 'sde', sector: 37125, op: 'READ', error: 'I/O' });
  });

  it('6.12 (task: state:D, <TASK>): two hung tasks in one check are one incident of 2 reports', async () => {
    const records = kernelLog('lkml-hung-usb-6.12.log');
    const findings = await runRules(records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ task: 'kworker/0:6', pid: 76, count: 2, kernel: '6.12.0-223.2443_2475543665.el10.x86_64' });
    expect(findings[0].evidence).toEqual(idsOf(records));
  });

  it('the same task again after a reboot is a new incident; the first is resolved by the boot', async () => {
    const first = kernelLog('npd-docker_hung.log');
    const boot = kernelLine('Linux version 3.16.0-4-amd64 (debian-kernel@lists.debian.org) (gcc version 4.8.4 (Debian 4.8.4-1) ) #1 SMP Debian 3.16.7-ckt20-1+deb8u4 (2016-02-29)', 600);
    const again = kernelLog('npd-docker_hung.log', { at: 900 });
    const findings = await runRules([...first, boot, ...again]);
    expect(findings.map((f) => [f.type, f.status])).toEqual([
      ['task_hung', 'resolved'],
      ['task_hung', 'open'],
    ]);
    expect(findings[0].time_end).toBe(boot.time);
    expect(findings[0].evidence).toContain(boot.event_id);
  });

  it('resolved after 30 quiet minutes', async () => {
    const records = [...kernelLog('npd-docker_hung.log'), kernelLine('EXT4-fs (sda1): re-mounted. Opts: (null)', 3600)];
    const [f] = await runRules(records);
    expect(f.status).toBe('resolved');
    // The last line of the report (19 lines, 1 ms apart) plus the 1800 s quiet period.
    expect(f.time_end).toBe('2026-11-26T10:30:00.018000Z');
  });
});

describe('kernel_oops: the whole report is one incident with the faulting function', () => {
  const cases = [
    { file: 'npd-null_pointer.log', kind: 'BUG: unable to handle kernel NULL pointer dereference', function: 'pick_next_task_fair', comm: 'ksoftirqd/11', pid: 63, kernel: '3.16.0-4-amd64' },
    { file: 'npd-divide_zero.log', kind: 'divide error', function: 'pool_io_hints', comm: 'docker', pid: 1853, kernel: '3.16.0-4-amd64' },
    { file: 'kdoc-oops-i386-4.x.log', kind: 'BUG: unable to handle kernel NULL pointer dereference', function: 'iret_exc' },
    { file: 'lkml-oops-gup-5.14.log', kind: 'BUG: kernel NULL pointer dereference', function: 'internal_get_user_pages_fast', comm: 'CPU 7/KVM', pid: 8494, kernel: '5.14.7' },
    { file: 'lkml-oops-iavf-6.1.log', kind: 'BUG: kernel NULL pointer dereference', function: 'iavf_xmit_frame_ring', comm: 'kworker/u64:9', pid: 183, kernel: '6.1.0-rc3+' },
    { file: 'lkml-oops-ovs-6.17.log', kind: 'BUG: kernel NULL pointer dereference', function: 'nsh_key_put_from_nlattr', kernel: '6.17.0-rc4+' },
    { file: 'fmt-divide-6x.log', kind: 'divide error', function: 'blk_stack_limits', comm: 'mkfs.ext4', pid: 3310, kernel: '6.12.9-aws' },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.kind} in ${c.function}`, async () => {
      const records = kernelLog(c.file);
      const findings = await runRules(records);
      expect(findings.map((f) => f.type)).toEqual(['kernel_oops']);
      const [f] = findings;
      const { file: _file, ...details } = c;
      expect(f.details).toMatchObject({ ...details, count: 1 });
      expect(f.severity).toBe('critical');
      // Lines before the report (link messages in the iavf excerpt) are not part of it.
      const report = c.file === 'lkml-oops-iavf-6.1.log' ? records.slice(2) : records;
      expect(f.evidence).toEqual(idsOf(report));
    });
  }

  it('6.x general protection fault followed by the panic: one incident, the panic reason captured', async () => {
    const records = kernelLog('fmt-oops-6x.log');
    const findings = await runRules(records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ kind: 'general protection fault', function: 'dst_dev_put', comm: 'kworker/u8:4', pid: 5830, panic: 'Fatal exception', count: 2 });
    expect(findings[0].evidence).toEqual(idsOf(records));
    expect(findings[0].summary).toBe('Kernel general protection fault on node-1 in dst_dev_put (task kworker/u8:4, pid 5830, kernel 6.12.0)');
  });

  it('a soft lockup is a warning; a lone panic is critical with its reason', async () => {
    const lockup = await runRules(kernelLog('fmt-softlockup.log'));
    expect(lockup.map((f) => [f.type, f.severity, f.details.kind, f.details.function])).toEqual([['kernel_oops', 'warning', 'BUG: soft lockup', '_raw_spin_unlock_irqrestore']]);
    const panic = await runRules(kernelLog('fmt-panic-root.log'));
    expect(panic.map((f) => [f.severity, f.details.panic])).toEqual([['critical', 'VFS: Unable to mount root fs on unknown-block(0,0)']]);
  });

  it('two oopses on two nodes are two findings; an oops on a node is resolved when the node boots again', async () => {
    const records = byTime(
      kernelLog('npd-null_pointer.log', { host: 'node-1' }),
      kernelLog('lkml-oops-iavf-6.1.log', { host: 'node-2', at: 1 }),
      [kernelLine('Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)', 120, 'node-1')],
    );
    const findings = await runRules(records);
    expect(findings.map((f) => [f.host, f.details.function, f.status])).toEqual([
      ['node-1', 'pick_next_task_fair', 'resolved'],
      ['node-2', 'iavf_xmit_frame_ring', 'open'],
    ]);
  });

  it('not an oops: a WARNING stack (4.8) and a fault-injection dump_stack (4.15)', async () => {
    expect(await runRules(kernelLog('kdoc-warning-4.8.log'))).toEqual([]);
    const injected = await runRules(kernelLog('kdoc-nvme-fault-4.15.log'));
    expect(injected.map((f) => f.type)).toEqual(['io_error', 'fs_error']);
  });
});
