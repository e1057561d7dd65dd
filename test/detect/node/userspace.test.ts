import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../support/corpora.js';
import { recordFromMessage } from '../../support/records.js';
import { byTime, journalLog, kernelLog, ofType, runRules } from './support.js';

// runtime.rules.json (service_restart, container_runtime_error), kubelet.rules.json
// (kubelet_disk_pressure), and ordinary noise that must give nothing.
describe('service_restart: NPD Frequent*Restart, 5 starts within 20 minutes', () => {
  it('kubelet crash-looping (systemd 250+ "Started kubelet.service - …"): one incident with every start', async () => {
    const records = journalLog('systemd-kubelet-flapping.jsonl');
    const findings = await runRules(records);
    expect(findings.map((f) => [f.type, f.severity, f.details.count, f.details.rule])).toEqual([['service_restart', 'warning', 6, 'service-restart-kubelet']]);
    const starts = records.filter((r) => r.message.startsWith('Started'));
    expect(findings[0].evidence).toEqual(starts.map((r) => r.event_id));
    expect(findings[0].summary).toBe(`kubelet restarted 6 times on node-1 between ${starts[0].time} and ${starts[5].time} (flapping)`);
  });

  it('containerd (older "Started containerd container runtime." wording, one failed start): one incident', async () => {
    const findings = await runRules(journalLog('systemd-containerd-flapping.jsonl'));
    expect(findings.map((f) => [f.details.rule, f.details.count, f.details.outcome])).toEqual([['service-restart-containerd', 5, 'Started']]);
  });

  it('below the threshold: 4 docker starts in 20 minutes, 5 cri-o starts spread over 100 minutes', async () => {
    expect(await runRules(journalLog('systemd-below-threshold.jsonl'))).toEqual([]);
  });

  it('resolved after 20 minutes without a start; kubelet and containerd flapping on one node are two incidents', async () => {
    const records = byTime(journalLog('systemd-kubelet-flapping.jsonl'), journalLog('systemd-containerd-flapping.jsonl', { at: 30 }), [
      recordFromMessage('Started Session 12 of user core.', { time: '2026-11-26T11:00:00Z', app: 'systemd', host: 'node-1', cluster: 'prod', identity: 'late' }),
    ]);
    const findings = await runRules(records);
    expect(findings.map((f) => [f.details.rule, f.status])).toEqual([
      ['service-restart-kubelet', 'resolved'],
      ['service-restart-containerd', 'resolved'],
    ]);
    expect(findings[0].time_end).toBe('2026-11-26T10:35:00.000000Z');
  });
});

describe('container_runtime_error', () => {
  it('containerd layer extraction failure reported by containerd and the kubelet: one incident with the layer', async () => {
    const findings = await runRules(journalLog('runtime-errors.jsonl'));
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({
      error: 'failed to extract layer',
      layer: 'sha256:1717d824958a74e9d1cde44cb4384fe3cfde593ffcc09fd7f5ace2e8f9052f7b',
      count: 2,
    });
  });

  it("docker: NPD's CorruptDockerOverlay2, CorruptDockerImage and DockerContainerStartupFailure texts", async () => {
    const findings = await runRules(journalLog('runtime-errors-docker.jsonl'));
    expect(findings.map((f) => [f.details.rule, f.details.count])).toEqual([
      ['container-runtime-overlay2', 2],
      ['container-runtime-corrupt-image', 1],
      ['container-runtime-start-failure', 1],
    ]);
    expect(findings[0].details.path).toBe('/var/lib/docker/overlay2/l/ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });
});

describe('kubelet_disk_pressure', () => {
  it('structured kubelet: repeated image GC failure and eviction reclaim are one incident, resolved by NodeHasNoDiskPressure; "failed once" is not counted', async () => {
    const records = journalLog('kubelet-disk-pressure.jsonl');
    const findings = await runRules(records);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ type: 'kubelet_disk_pressure', severity: 'warning', status: 'resolved', time: records[2].time, time_end: records[8].time });
    expect(f.details).toMatchObject({ to_free_bytes: 6238860902, freed_bytes: 600245899, resource: 'ephemeral-storage', count: 4 });
    expect(f.evidence).not.toContain(records[0].event_id);
  });

  it('glog kubelet (<= 1.19): "eviction manager: attempting to reclaim nodefs" and "Wanted to free … but freed 0 bytes"', async () => {
    const [f] = await runRules(journalLog('kubelet-disk-pressure-glog.jsonl'));
    expect(f.details).toMatchObject({ resource: 'nodefs', to_free_bytes: 5341083238, freed_bytes: 0, count: 2 });
  });
});

describe('noise: ordinary kernel, systemd, kubelet and runtime lines give no finding', () => {
  it('boot messages, mounts, thermal MCE, user-space traps, single service starts, "failed once", memory reclaim', async () => {
    expect(await runRules(journalLog('noise.jsonl'))).toEqual([]);
  });

  it("cadvisor's and NPD's OOM kernel logs (3.13, 4.8, with docker/veth noise): nothing from the node rules", async () => {
    const streams = readJsonl<{ name: string; inputs: { time_unix: number; lines: string[] }[] }>('oom-cadvisor-npd/oom_streams.jsonl');
    const records = streams.flatMap((s, k) =>
      s.inputs.flatMap((input) =>
        input.lines.map((message, i) =>
          recordFromMessage(message, { time: new Date(Date.UTC(2026, 10, 26, 10, k, 0, i)).toISOString(), transport: 'kernel', app: 'kernel', host: 'node-1', identity: `corpus:${s.name}:${i}` }),
        ),
      ),
    );
    expect(records.length).toBeGreaterThan(200);
    expect(await runRules(records)).toEqual([]);
  });

  it('a WARNING stack is not an oops', async () => {
    expect(ofType(await runRules(kernelLog('kdoc-warning-4.8.log')), 'kernel_oops')).toEqual([]);
  });
});
