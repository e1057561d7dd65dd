import { feedRecord } from '../../../functions/detect/feed.js';
import { describe, expect, it } from 'vitest';
import { createEtcdDetector } from '../../../functions/detect/etcd/index.js';
import { recognizeEtcd } from '../../../functions/detect/etcd/recognize.js';
import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import { corpusPath } from '../../support/corpora.js';
import { recordFromMessage } from '../../support/records.js';
import { plainFileRecords } from './drive.js';

/** Lines the recognizer must reject, as the pipeline sees them (message, app). */
function nonMatching(): Array<[string, string | null]> {
  const corpus = ['n1', 'n2', 'n3']
    .flatMap((m) => plainFileRecords(corpusPath(`etcd-capnslog/${m}.log`), m, 'corpus'))
    .filter((r) => recognizeEtcd(r.message, r.app) === null)
    .map((r): [string, string | null] => [r.message, null]);
  return [
    ...corpus,
    ['I1126 01:22:49.123456    1234 kubelet.go:2100] "SyncLoop (PLEG): event for pod" pod="kube-system/etcd-cp1" event={"ID":"a","Type":"ContainerStarted"}', 'kubelet'],
    ['Started Session 42 of User root.', 'systemd'],
    ['{"level":"info","ts":"2021-06-01T10:00:01.141Z","caller":"v3rpc/grpc.go:123","msg":"request stats","start time":"2021-06-01T10:00:01.100Z","time spent":"41ms"}', 'etcd'],
    ['{"level":"info","ts":"2021-06-01T10:00:01.141Z","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"8e9e05c52164694d received MsgVoteResp from 8e9e05c52164694d at term 2"}', 'etcd'],
    ['System Journal (/var/log/journal/dc8bc2e1a2744f4bb38c57d340fb2560) is 8.0M, max 4.0G, 3.9G free.', 'systemd-journald'],
    ['Accepted publickey for core from 10.0.0.1 port 52514 ssh2: RSA SHA256:abc', 'sshd'],
  ];
}

describe('etcd recognizer on lines that are not leadership or precursor lines', () => {
  // Speed is measured by `npm run bench` (detection overhead), not asserted here.
  it('rejects every non-matching line', () => {
    for (const [m, app] of nonMatching()) expect(recognizeEtcd(m, app), m).toBeNull();
  });

  it('onRecord of a rejected record does no store work', async () => {
    const store = new MemoryStateStore();
    const detector = createEtcdDetector(DEFAULT_CONFIG.detectors);
    const r = recordFromMessage('2026-11-26 01:22:48.796261 I | rafthttp: peer 93f80fcc8513365b became active', { time: '2026-11-26T01:22:48Z' });
    expect(await feedRecord(detector, r, { store, watermarkMs: 0 })).toEqual([]);
    expect(await store.keys('')).toEqual([]);
  });
});
