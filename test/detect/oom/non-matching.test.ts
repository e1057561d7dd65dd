import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognizeOom } from '../../../functions/detect/oom/recognize.js';
import { corpusPath } from '../../support/corpora.js';
import { recordFromMessage } from '../../support/records.js';

describe('oom recognizer on lines that are not OOM', () => {
  // Speed is measured by `npm run bench` (detection overhead), not asserted here.
  it('rejects etcd logs and typical daemon messages', () => {
    const etcd = ['n1.log', 'n2.log', 'n3.log'].flatMap((f) => readFileSync(corpusPath(`etcd-capnslog/${f}`), 'utf8').split('\n').filter(Boolean));
    const daemon = [
      'Started Session 12 of user core.',
      'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)',
      'I1126 10:00:02.500000    2101 kubelet.go:2456] "SyncLoop (probe)" probe="readiness" status="ready" pod="kube-system/coredns-5d78c9869d-abcde"',
      'time="2026-11-26T10:00:01.140000123Z" level=info msg="StartContainer for \\"3f4e5d6c\\" returns successfully"',
      'eth0: Link is Up - 10Gbps/Full - flow control off',
      'Accepted publickey for core from 10.0.0.1 port 52314 ssh2: ED25519 SHA256:abc',
      'Mem-Info:',
      'Call Trace:',
    ];
    const records = [...etcd, ...daemon].map((m, i) => recordFromMessage(m, { identity: `perf:${i}` }));
    for (const r of records) expect(recognizeOom(r), r.message).toBeNull();
  });
});
