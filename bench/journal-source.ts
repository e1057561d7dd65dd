/**
 * A stand-in for `journalctl -o export`: N deterministic journal entries, continuing after an
 * `--after-cursor=` argument as journalctl does. Used by the ship tests and the ship bench
 * (`node dist/bench/journal-source.js --count N [--follow] [--hold-at N] [--after-cursor=C]`). Entry i is the same bytes
 * on every run, so a test can compare what arrived in Kinesis with what was printed.
 *
 * Cursors have journald's shape (s=;i=;b=;m=;t=;x=); i= is the entry's index in hex. Three
 * hosts, each with a new boot id halfway; every 997th entry has a binary MESSAGE (it holds an
 * empty line and a byte that is not UTF-8), as journalctl's export format writes such fields.
 */
import { pathToFileURL } from 'node:url';

const SEQNUM_ID = '5b1e0f4c9a3d4e2f8b7a6c5d4e3f2a1b';
const HOSTS = ['cp-1', 'cp-2', 'worker-1'];
const APPS = ['etcd', 'kubelet', 'containerd', 'sshd'];
const T0 = 1_764_120_000_000_000n;
const BOOT_SWITCH = 50_000;

function bootOf(host: number, i: number): string {
  const epoch = i < BOOT_SWITCH ? 0 : 1;
  return `7d3f2a9c1b8e4f06a5d2c4b1e9f0${host}${epoch}${'a3'}`.padEnd(32, '0');
}

export function cursorOf(i: number): string {
  const h = i % HOSTS.length;
  const t = T0 + BigInt(i) * 1000n;
  return `s=${SEQNUM_ID};i=${i.toString(16)};b=${bootOf(h, i)};m=${(0x3c4d5e6f + i).toString(16)};t=${t.toString(16)};x=${(0xabcdef ^ i).toString(16)}`;
}

/** The entry index a cursor names, or -1 when it is not one of ours. */
export function indexOfCursor(cursor: string): number {
  const m = /;i=([0-9a-f]{1,8});/.exec(cursor);
  return m === null ? -1 : parseInt(m[1], 16);
}

export function hasBinaryMessage(i: number): boolean {
  return i % 997 === 996;
}

/** Entry i in export format, including the empty line that ends it. */
export function exportEntryBytes(i: number): Buffer {
  const h = i % HOSTS.length;
  const app = APPS[i % APPS.length];
  const t = T0 + BigInt(i) * 1000n;
  const text =
    `__CURSOR=${cursorOf(i)}\n` +
    `__REALTIME_TIMESTAMP=${t}\n` +
    `__MONOTONIC_TIMESTAMP=${1_020_304_050 + i}\n` +
    `_BOOT_ID=${bootOf(h, i)}\n` +
    `_HOSTNAME=${HOSTS[h]}\n` +
    `_TRANSPORT=${i % 3 === 0 ? 'stdout' : 'journal'}\n` +
    `PRIORITY=${i % 8}\n` +
    `SYSLOG_IDENTIFIER=${app}\n` +
    `_PID=${1000 + (i % 5000)}\n` +
    `_COMM=${app}\n` +
    `_SYSTEMD_UNIT=${app}.service\n` +
    `_SYSTEMD_SLICE=system.slice\n`;
  if (!hasBinaryMessage(i)) {
    return Buffer.from(`${text}MESSAGE=entry ${i}: request served in ${i % 997} µs from 10.4.${i % 255}.${(i * 7) % 255}\n\n`);
  }
  const data = Buffer.concat([Buffer.from(`entry ${i}: line one\n\nline two `), Buffer.of(0xff), Buffer.from(' end')]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(data.length));
  return Buffer.concat([Buffer.from(text), Buffer.from('MESSAGE\n'), len, data, Buffer.from('\n\n')]);
}

/** Writes entries [from, count) to `out`, waiting for drain so memory stays flat. */
export async function writeEntries(out: NodeJS.WritableStream, from: number, count: number): Promise<void> {
  const batch: Buffer[] = [];
  for (let i = from; i < count; i++) {
    batch.push(exportEntryBytes(i));
    if (batch.length === 256 || i === count - 1) {
      const ok = out.write(Buffer.concat(batch.splice(0)));
      if (!ok) await new Promise((resolve) => out.once('drain', resolve));
    }
  }
}

/** How long --hold-at holds: longer than any ship test waits for a cursor (30 s). */
const HOLD_MS = 120_000;

async function main(argv: string[]): Promise<void> {
  let count = 100_000;
  let from = 0;
  let follow = false;
  let holdAt = Infinity;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--count') count = Number(argv[++k]);
    else if (a === '--follow') follow = true;
    else if (a === '--hold-at') holdAt = Number(argv[++k]);
    else if (a.startsWith('--after-cursor=')) {
      const idx = indexOfCursor(a.slice('--after-cursor='.length));
      if (idx < 0) {
        process.stderr.write(`journal-source: unknown cursor ${a}\n`);
        process.exit(1);
      }
      from = idx + 1;
    }
  }
  process.stdout.on('error', () => process.exit(0)); // reader gone (killed shipper)
  if (holdAt < count) {
    // A reader killed mid-stream, whatever the machine's speed: entries up to holdAt, then
    // nothing more for HOLD_MS (past any test's wait), then exit rather than linger once the
    // reader is gone (it may be a shell between us and the killed shipper, so our parent stays).
    await writeEntries(process.stdout, from, holdAt);
    setTimeout(() => process.exit(0), HOLD_MS);
    return;
  }
  await writeEntries(process.stdout, from, count);
  // Like journalctl --follow: the journal has no more entries, the pipe stays open.
  if (follow) setInterval(() => undefined, 60_000);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
