import { describe, expect, it } from 'vitest';
import { byTime, idsOf, kernelLine, kernelLog, ofType, runRules } from './support.js';

// network.rules.json and hardware.rules.json.
describe('netdev_unregister_wait', () => {
  const npd = 'unregister_netdevice: waiting for lo to become free. Usage count = 1';

  it('NPD FrequentUnregisterNetDevice: 3 messages within 20 minutes make one incident; 2 do not', async () => {
    // The kernel repeats the message every 10 s while the device is stuck.
    expect(await runRules([kernelLine(npd, 0), kernelLine(npd, 10)])).toEqual([]);
    const findings = await runRules([0, 10, 20, 30].map((t) => kernelLine(npd, t)));
    expect(findings.map((f) => [f.type, f.severity, f.details.device, f.details.usage_count, f.details.count])).toEqual([['netdev_unregister_wait', 'warning', 'lo', 1, 4]]);
  });

  it('devices of several kernels (5.3-7.x wording) on one node: one incident; resolved after 10 quiet minutes', async () => {
    const records = [...kernelLog('lkml-netdev-unregister.log', { stepMs: 10_000 }), kernelLine('cni0: port 2(veth0a1b2c3d) entered disabled state', 1200)];
    const findings = await runRules(records);
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({ device: 'lo', count: 4 });
    expect(findings[0].status).toBe('resolved');
    expect(findings[0].time_end).toBe('2026-11-26T10:10:30.000000Z');
  });
});

describe('conntrack_table_full', () => {
  it('2.6/3.x and 4.18+ wordings: one incident per host and burst, with the count', async () => {
    const burst = kernelLog('fmt-conntrack.log', { stepMs: 200 });
    const later = kernelLine('nf_conntrack: nf_conntrack: table full, dropping packet', 3600);
    const findings = await runRules([...burst, kernelLine('eth0: Link is Up - 10Gbps/Full - flow control off', 1500), later]);
    expect(findings.map((f) => [f.type, f.details.count, f.status])).toEqual([
      ['conntrack_table_full', 3, 'resolved'],
      ['conntrack_table_full', 1, 'open'],
    ]);
    expect(findings[0].evidence).toEqual(idsOf(burst.slice(0, 3)));
    expect(findings[0].summary).toBe(
      `Conntrack table full on node-1: the kernel dropped new connections (3 messages between ${burst[0].time} and ${burst[2].time}; the message is rate-limited, so more packets were dropped)`,
    );
    expect(findings[0].remediation).toContain('nf_conntrack_max');
  });

  it('two nodes: two findings', async () => {
    const findings = await runRules(byTime(kernelLog('fmt-conntrack.log', { host: 'node-1' }), kernelLog('fmt-conntrack.log', { host: 'node-2' })));
    expect(findings.map((f) => f.host)).toEqual(['node-1', 'node-2']);
  });
});

describe('martian_packets', () => {
  it('source, destination, device and the sender MAC from the ll header; one incident per device', async () => {
    const records = kernelLog('fmt-martian.log');
    const findings = await runRules(records);
    expect(findings.map((f) => [f.details.device, f.details.count, f.evidence.length])).toEqual([
      ['eth1', 2, 4],
      ['cni0', 1, 1],
    ]);
    expect(findings[0].details).toMatchObject({ kind: 'source', source: '172.31.40.12', destination: '10.244.3.17', source_mac: '0a 9f 8e 7d 6c 5b' });
    expect(findings[1].details).toMatchObject({ kind: 'destination', source: '10.244.3.9', destination: '127.0.0.1' });
    expect(findings[0].remediation).toContain('rp_filter=2');
  });

  it('the keyed wording of newer kernels ("martian source (src=S, dst=D, dev=X)", 2026) gives the same findings', async () => {
    const findings = await runRules(kernelLog('fmt-martian-keyed.log'));
    expect(findings.map((f) => [f.type, f.details.device, f.details.count, f.evidence.length])).toEqual([
      ['martian_packets', 'eth1', 2, 4],
      ['martian_packets', 'cni0', 1, 1],
    ]);
    expect(findings[0].details).toMatchObject({ kind: 'source', source: '172.31.40.12', destination: '10.244.3.17', source_mac: '0a 9f 8e 7d 6c 5b' });
    expect(findings[1].details).toMatchObject({ kind: 'destination', source: '10.244.3.9', destination: '127.0.0.1' });
  });
});

describe('hardware_error', () => {
  it('GHES corrected PCIe error (6.x): warning, the CPER record folded in', async () => {
    const records = kernelLog('lkml-ghes-pcie-corrected.log');
    const findings = await runRules(records);
    expect(findings.map((f) => [f.type, f.severity, f.details.hw_severity, f.details.section])).toEqual([['hardware_error', 'warning', 'corrected', 'PCIe error']]);
    // From "event severity" on: the two header lines before it are not part of the match.
    expect(findings[0].evidence).toEqual(idsOf(records.slice(2)));
  });

  it('GHES corrected memory error: section and physical address', async () => {
    const [f] = await runRules(kernelLog('lkml-ghes-memory-corrected.log'));
    expect(f.details).toMatchObject({ hw_severity: 'corrected', section: 'memory error', physical_address: '0x000000093724c020' });
  });

  it('GHES fatal: critical, and the panic it causes is a kernel_oops', async () => {
    const findings = await runRules(kernelLog('fmt-ghes-fatal.log'));
    expect(findings.map((f) => [f.type, f.severity])).toEqual([
      ['hardware_error', 'critical'],
      ['kernel_oops', 'critical'],
    ]);
    expect(ofType(findings, 'kernel_oops')[0].details.panic).toBe('Fatal hardware error!');
  });

  it('MCE (4.17): "Machine check events logged" is a warning; an exception and "Machine check:" are critical', async () => {
    const logged = await runRules(kernelLog('lkml-mce-dax-4.17.log'));
    expect(logged.map((f) => [f.details.rule, f.severity])).toEqual([
      ['hardware-mce', 'warning'],
      ['hardware-cper', 'warning'],
    ]);
    const fatal = await runRules(kernelLog('fmt-mce-fatal.log'));
    const mce = ofType(fatal, 'hardware_error');
    expect(mce.map((f) => [f.severity, f.details.mce, f.details.cpu, f.details.count])).toEqual([['critical', 'Machine Check Exception', 2, 2]]);
  });

  it('EDAC: pre-3.5 and 3.5+ CE lines are one warning incident; a UE is a critical one', async () => {
    const findings = await runRules(kernelLog('kdoc-edac.log', { stepMs: 1000 }));
    expect(findings.map((f) => [f.details.edac_kind, f.severity, f.details.count])).toEqual([
      ['CE', 'warning', 3],
      ['UE', 'critical', 1],
    ]);
    expect(findings[0].details.mc).toBe(0);
  });
});
