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
 * A mixed, time-ordered stream for the detection overhead: ordinary daemon lines at 1000/s over
 * six hosts, with what detectors look for at the rates a troubled cluster shows: etcd
 * heartbeat/fdatasync warnings and a leader election (three members reporting) every 2000
 * lines, an OOM kill (three kernel lines) every 5000, a certificate error every 1000.
 */
export function mixedLines(n: number): string[] {
  const out: string[] = [];
  const t0 = Date.UTC(2026, 10, 26, 1, 0, 0);
  let term = 2;
  for (let i = 0; i < n; i++) {
    const d = new Date(t0 + i); // 1000 lines per second
    const stamp = `Nov 26 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
    const iso = d.toISOString().replace('Z', '000Z').replace('T', ' ').slice(0, 26);
    const member = `cp-${1 + (i % 3)}`;
    let line: string;
    if (i % 2000 === 1000) line = `<28>${stamp} ${member} etcd[840]: ${iso} W | etcdserver: failed to send out heartbeat on time (exceeded the 100ms timeout for 1.412309s, to 8e9e05c52164694d)`;
    else if (i % 2000 === 1001) line = `<28>${stamp} ${member} etcd[840]: ${iso} W | wal: sync duration of 1.802331s, expected less than 1s`;
    else if (i % 2000 >= 1002 && i % 2000 <= 1004) {
      line = `<30>${stamp} cp-${1 + (i % 2000) - 1002} etcd[840]: raft${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 19)} INFO: raft.node: 8e9e05c52164694d elected leader 91bc3c398fb3c146 at term ${term}`;
      if (i % 2000 === 1004) term++;
    } else if (i % 5000 === 2500) line = `<4>${stamp} worker-01 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999`;
    else if (i % 5000 === 2501) line = `<6>${stamp} worker-01 kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/burstable/pod3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c,task_memcg=/kubepods/burstable/pod3b2f9c1e-7a4d-4e2b-9c8f-1d2e3f4a5b6c/4f9c2d7e1a3b5c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d,task=java,pid=${20000 + i},uid=1000`;
    else if (i % 5000 === 2502) line = `<3>${stamp} worker-01 kernel: Memory cgroup out of memory: Killed process ${20000 + i - 1} (java) total-vm:4391252kB, anon-rss:1048320kB, file-rss:21472kB, shmem-rss:0kB, UID:1000 pgtables:2516kB oom_score_adj:999`;
    else if (i % 1000 === 500) line = `<11>${stamp} worker-02 api[77]: Get "https://billing.internal:8443/v1": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${d.toISOString().slice(0, 19)}Z is after 2026-11-20T00:00:00Z`;
    else line = `<${(i * 13) % 192}>${stamp} ${pick(HOSTS, i)} ${pick(APPS, i)}[${1000 + (i % 5000)}]: ${sentence(i, 12)}`;
    out.push(line);
  }
  return out;
}
