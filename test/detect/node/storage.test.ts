import { describe, expect, it } from 'vitest';
import { byTime, idsOf, kernelLine, kernelLog, ofType, runRules } from './support.js';

// fs_read_only, fs_error, io_error (functions/detect/rules/builtin/storage.rules.json).
describe('fs_read_only', () => {
  it('NPD readonly_filesystem (ext4 3.x-6.x wording): one critical finding for sda1', async () => {
    const findings = await runRules(kernelLog('npd-readonly_filesystem.log'));
    expect(findings.map((f) => [f.type, f.severity, f.details.device])).toEqual([['fs_read_only', 'critical', 'sda1']]);
    expect(findings[0].summary).toBe('Filesystem on sdb7 was remounted read-only on node-1 after an error'.replace('sdb7', 'sda1'));
  });

  it('ext4 error, journal abort and read-only remount (4.19/5.x and 5.16): the error and the remount, per device', async () => {
    for (const [file, device, fn] of [
      ['lkml-ext4-ro-sdb7.log', 'sdb7', 'ext4_get_branch'],
      ['lkml-ext4-ro-loop0-5.16.log', 'loop0', '__ext4_remount'],
    ] as const) {
      const findings = await runRules(kernelLog(file));
      expect(findings.map((f) => [f.type, f.details.device])).toEqual([
        ['fs_error', device],
        ['fs_read_only', device],
      ]);
      expect(ofType(findings, 'fs_error')[0]).toMatchObject({ severity: 'critical', details: { level: 'error', function: fn } });
    }
  });

  it('btrfs forced read-only, with and without the 6.x state letters: two devices, two findings', async () => {
    const findings = await runRules(kernelLog('fmt-btrfs-ro.log'));
    expect(findings.map((f) => [f.type, f.details.device])).toEqual([
      ['fs_read_only', 'sdc1'],
      ['fs_read_only', 'sdd1'],
    ]);
  });

  it('resolved when the same device is mounted read-write again (3.x-6.0 and 6.x wordings), not by another device', async () => {
    const ro = kernelLog('npd-readonly_filesystem.log');
    const other = kernelLine('EXT4-fs (sdb1): mounted filesystem with ordered data mode. Opts: (null)', 60);
    const roMount = kernelLine('EXT4-fs (sda1): mounted filesystem 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d ro with ordered data mode. Quota mode: none.', 90);
    const open = await runRules([...ro, other, roMount]);
    expect(open.map((f) => f.status)).toEqual(['open']);
    for (const line of [
      'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)',
      'EXT4-fs (sda1): re-mounted 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d r/w.',
    ]) {
      const again = kernelLine(line, 120);
      const [f] = await runRules([...ro, other, again]);
      expect([f.status, f.time_end]).toEqual(['resolved', again.time]);
    }
  });
});

describe('fs_error', () => {
  it('XFS 6.x: metadata I/O errors, the forced shutdown and the corruption report on dm-0 are one critical incident', async () => {
    const records = kernelLog('lkml-xfs-shutdown-6.x.log');
    const findings = await runRules(records);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ type: 'fs_error', severity: 'critical' });
    expect(f.details).toMatchObject({ device: 'dm-0', reason: 'metadata I/O error', function: 'xfs_imap_to_bp', count: 6 });
    // Not "log I/O error -5", "Please unmount", "Unmounting Filesystem": they add nothing.
    expect(f.evidence).toEqual(idsOf([records[0], records[1], records[2], records[4], records[6], records[7]]));
  });

  it('XFS 3.x-5.x shutdown wording (xfs_do_force_shutdown called from line …)', async () => {
    const findings = await runRules(kernelLog('fmt-xfs-shutdown-4x.log'));
    expect(findings.map((f) => [f.type, f.details.device, f.details.reason, f.details.count])).toEqual([['fs_error', 'sdb1', 'xfs_do_force_shutdown', 2]]);
  });

  it('ext4 warning is a warning, an error critical; resolved when the device is mounted again', async () => {
    const warning = kernelLine('EXT4-fs warning (device sda1): ext4_dx_add_entry:2461: Directory (ino: 1442) index full, reach max htree level :2', 0);
    const error = kernelLine('EXT4-fs error (device sdb1): ext4_validate_block_bitmap:390: comm kworker/u8:2: bg 13: bad block bitmap checksum', 1);
    const mount = kernelLine('EXT4-fs (sdb1): mounted filesystem with ordered data mode. Quota mode: none.', 600);
    const findings = await runRules([warning, error, mount]);
    expect(findings.map((f) => [f.details.device, f.severity, f.status])).toEqual([
      ['sda1', 'warning', 'open'],
      ['sdb1', 'critical', 'resolved'],
    ]);
    expect(findings[0].summary).toBe('EXT4-fs warning on sda1 (node-1) in ext4_dx_add_entry: Directory (ino: 1442) index full, reach max htree level :2');
  });
});

describe('io_error', () => {
  it('3.x, 4.x and 6.x wordings: one finding per disk, block-layer and buffer errors of its partitions together', async () => {
    const records = kernelLog('fmt-io-3x-4x-6x.log', { stepMs: 1000 });
    const findings = await runRules(records);
    expect(findings.map((f) => [f.type, f.details.device, f.details.count, f.evidence.length])).toEqual([
      ['io_error', 'sdb', 2, 2],
      ['io_error', 'sdc', 2, 2],
      ['io_error', 'nvme1n1', 2, 2],
    ]);
    expect(findings[0].details).toMatchObject({ error: 'I/O', sector: 1953525072, block: 244190634 });
    expect(findings[2].details).toMatchObject({ op: 'WRITE', sector: 4096 });
    expect(findings[0].summary).toBe(`I/O errors on sdb (node-1): 2 between ${records[0].time} and ${records[1].time}, first at sector 1953525072`);
  });

  it('device names: partitions join their disk (sdb1, nvme0n1p2, mmcblk0p1); dm-N, mdN, loopN, sr0 stay whole', async () => {
    const lines = [
      'Buffer I/O error on dev dm-0, logical block 6, async page read',
      'blk_update_request: I/O error, dev loop0, sector 0',
      'I/O error, dev md127, sector 8 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 2',
      'I/O error, dev sr0, sector 0 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2',
      'Buffer I/O error on dev nvme0n1p2, logical block 5, lost async page write',
      'Buffer I/O error on dev mmcblk0p1, logical block 3, async page read',
    ];
    const findings = await runRules(lines.map((l, i) => kernelLine(l, i)));
    expect(findings.map((f) => f.details.device)).toEqual(['dm-0', 'loop0', 'md127', 'sr0', 'nvme0n1', 'mmcblk0']);
  });

  it('4.15 print_req_error and 6.x critical medium error', async () => {
    expect(ofType(await runRules(kernelLog('kdoc-nvme-fault-4.15.log')), 'io_error').map((f) => [f.details.device, f.details.sector])).toEqual([['nvme0n1', 9240]]);
    const medium = await runRules(kernelLog('lkml-xfs-medium-6.x.log'));
    expect(medium.map((f) => f.type)).toEqual(['io_error', 'fs_error', 'kernel_oops']);
    expect(ofType(medium, 'io_error')[0].details).toMatchObject({ device: 'sdx', error: 'critical medium', sector: 2615107192, op: 'READ' });
    expect(ofType(medium, 'fs_error')[0].details).toMatchObject({ device: 'sdx1', function: 'xfs_da_read_buf' });
    expect(ofType(medium, 'kernel_oops')[0].details).toMatchObject({ function: 'xfs_trans_brelse' });
  });

  it('a disk that keeps failing is one incident; after an hour without errors it is resolved and a new burst opens another', async () => {
    const line = (at: number) => kernelLine(`blk_update_request: I/O error, dev sdc, sector ${20480 + at}`, at);
    // Other kernel lines move the watermark (newest time − 300 s lateness) past the quiet hour.
    const other = kernelLine('cni0: port 1(veth4c31d8d2) entered forwarding state', 5500);
    const findings = await runRules(byTime([line(0), line(300), line(900), line(1500), other, line(6000)]));
    expect(findings.map((f) => [f.details.count, f.status])).toEqual([
      [4, 'resolved'],
      [1, 'open'],
    ]);
    expect(findings[0].time_end).toBe('2026-11-26T11:25:00.000000Z');
  });

  it('not I/O errors: discard/write-zeroes "operation not supported" on a loop device, the floppy a VM does not have', async () => {
    expect(await runRules([kernelLine('blk_update_request: operation not supported error, dev loop0, sector 0 op 0x9:(WRITE_ZEROES) flags 0x800 phys_seg 0 prio class 0', 0)])).toEqual([]);
    expect(await runRules([kernelLine('blk_update_request: I/O error, dev fd0, sector 0', 0), kernelLine('Buffer I/O error on dev fd0, logical block 0, async page read', 1)])).toEqual([]);
  });
});
