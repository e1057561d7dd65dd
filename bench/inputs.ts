/**
 * Benchmark inputs, generated so every run measures the same bytes. Each set varies hosts,
 * apps, pids and messages so no cache sees the same line twice in a row.
 */
const HOSTS = ['cp-1', 'cp-2', 'cp-3', 'worker-01', 'worker-02', 'worker-03'];
const APPS = ['etcd', 'kubelet', 'containerd', 'sshd', 'systemd', 'nginx', 'cron'];
const WORDS = 'request served upstream latency cache miss retry backend pool connection reset timeout healthy ready'.split(' ');

function pick<T>(arr: readonly T[], i: number): T {
  return arr[i % arr.length];
}

function sentence(i: number, words: number): string {
  let s = '';
  for (let k = 0; k < words; k++) s += (k ? ' ' : '') + pick(WORDS, i * 7 + k * 3);
  return s;
}

/** `journalctl -o json` lines of about 1 KB, like a system service on the native transport. */
export function journaldLines(n: number): string[] {
  const out: string[] = [];
  const t0 = 1764120000000000n;
  for (let i = 0; i < n; i++) {
    const t = t0 + BigInt(i) * 1000n;
    const app = pick(APPS, i);
    const entry = {
      __CURSOR: `s=5b1e0f4c9a3d4e2f8b7a6c5d4e3f2a1b;i=${(0x1a2b00 + i).toString(16)};b=7d3f2a9c1b8e4f06a5d2c4b1e9f08a37;m=${(0x3c4d5e6f + i).toString(16)};t=${t.toString(16)};x=${(0xabcdef + i).toString(16)}`,
      __REALTIME_TIMESTAMP: t.toString(),
      __MONOTONIC_TIMESTAMP: String(1020304050 + i),
      _BOOT_ID: '7d3f2a9c1b8e4f06a5d2c4b1e9f08a37',
      _MACHINE_ID: '0c1d2e3f405162738495a6b7c8d9eaf1',
      _HOSTNAME: pick(HOSTS, i),
      PRIORITY: String(i % 8),
      SYSLOG_IDENTIFIER: app,
      _TRANSPORT: i % 3 === 0 ? 'stdout' : 'journal',
      _PID: String(1000 + (i % 5000)),
      _UID: '0',
      _GID: '0',
      _COMM: app,
      _EXE: `/usr/bin/${app}`,
      _CMDLINE: `/usr/bin/${app} --config=/etc/${app}/config.yaml --v=2`,
      _CAP_EFFECTIVE: '1ffffffffff',
      _SELINUX_CONTEXT: 'unconfined\n',
      _SYSTEMD_CGROUP: `/system.slice/${app}.service`,
      _SYSTEMD_UNIT: `${app}.service`,
      _SYSTEMD_SLICE: 'system.slice',
      _SYSTEMD_INVOCATION_ID: 'f3260b93a64641889bbf8fed67f4365a',
      CODE_FILE: 'server/etcdserver/api/v3rpc/interceptor.go',
      CODE_LINE: String(100 + (i % 400)),
      CODE_FUNC: 'go.etcd.io/etcd/server/v3/etcdserver/api/v3rpc.newLogUnaryInterceptor.func1',
      MESSAGE: `${sentence(i, 30)} remote=10.4.${i % 255}.${(i * 7) % 255}:${40000 + (i % 20000)} took ${i % 997}µs`,
      _SOURCE_REALTIME_TIMESTAMP: (t - 150n).toString(),
    };
    out.push(JSON.stringify(entry));
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5424 lines, half with structured data. */
export function rfc5424Lines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const pri = (i * 13) % 192;
    const sec = String(i % 60).padStart(2, '0');
    const frac = String(i % 1000000).padStart(6, '0');
    const sd = i % 2 === 0 ? `[exampleSDID@32473 iut="${i % 9}" eventSource="Application" eventID="${1000 + (i % 100)}"]` : '-';
    out.push(`<${pri}>1 2026-11-26T01:22:${sec}.${frac}Z ${pick(HOSTS, i)} ${pick(APPS, i)} ${1000 + (i % 5000)} ID${i % 50} ${sd} ${sentence(i, 12)}`);
  }
  return out;
}

/** RFC 3164 lines as rsyslog and syslog(3) send them. */
export function rfc3164Lines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const pri = (i * 13) % 192;
    const day = String(1 + (i % 28)).padStart(2, ' ');
    const sec = String(i % 60).padStart(2, '0');
    out.push(`<${pri}>${pick(MONTHS, i)} ${day} 01:22:${sec} ${pick(HOSTS, i)} ${pick(APPS, i)}[${1000 + (i % 5000)}]: ${sentence(i, 12)}`);
  }
  return out;
}

/**
 * A mixed stream for the detection overhead: mostly ordinary lines, with the etcd, OOM and
 * certificate lines detectors look for at realistic (low) rates.
 */
export function mixedLines(n: number): string[] {
  const base = rfc3164Lines(n);
  for (let i = 0; i < n; i += 97) {
    const sec = String(i % 60).padStart(2, '0');
    base[i] = `<30>Nov 26 01:22:${sec} cp-${1 + (i % 3)} etcd[840]: raft2026/11/26 01:22:${sec} INFO: 8e9e05c52164694d became leader at term ${2 + Math.floor(i / 97)}`;
  }
  for (let i = 41; i < n; i += 211) {
    base[i] = `<3>Nov 26 01:23:00 worker-01 kernel: Out of memory: Killed process ${2000 + i} (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999`;
  }
  for (let i = 73; i < n; i += 307) {
    base[i] = `<11>Nov 26 01:23:30 worker-02 api[77]: Get "https://billing.internal:8443/v1": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-26T01:23:30Z is after 2026-11-20T00:00:00Z`;
  }
  return base;
}
