import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeKinesisRecord } from '../../functions/decode/kinesis-record.js';
import { parseContextFor } from '../../functions/pipeline/parse-context.js';
import { parseEvent } from '../../functions/parse/parse-event.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { localClients } from '../support/local-aws/clients.js';
import { readWholeStream } from '../support/ship/read-stream.js';
import { createStream } from '../support/local-aws/resources.js';

// The Debian package's shipper on a host with nothing else: `dpkg-deb -x` into a scratch root,
// then its usr/bin/logsift-ship runs with a PATH of only that directory and one holding
// `journalctl` (every systemd host has it; here a wrapper that points the real journalctl at a
// journal file written by systemd-journal-remote, so the shipper's own arguments, cursor
// included, go to the real tool). It ships to kinesalite; every entry must arrive exactly once.
// Needs dist/package/logsift-ship_<version>_<arch>.deb (`npm run package`; built here if absent)
// and systemd-journal-remote (`.ci/run` installs it).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MINUTES = 60_000;
const DEB_ARCH = arch() === 'arm64' ? 'arm64' : 'amd64';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const DEB = join(ROOT, 'dist', 'package', `logsift-ship_${VERSION}_${DEB_ARCH}.deb`);
const JOURNAL_REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find(existsSync);
const HOSTS = ['cp-1', 'worker-1', 'worker-2'];
const ENTRIES = 3000;

/** Journal export format for entry i; every 500th MESSAGE is binary (a newline inside), as journald stores such messages. */
function exportEntry(i: number): Buffer {
  const host = HOSTS[i % HOSTS.length]!;
  const boot = i < ENTRIES / 2 ? '6c7c6013a26343b29e964691ff25d04c' : '0d1f2e3c4b5a69788796a5b4c3d2e1f0';
  const text = [
    `__REALTIME_TIMESTAMP=${1_764_115_200_000_000 + i * 1000}`,
    `__MONOTONIC_TIMESTAMP=${1_000_000 + i}`,
    `_BOOT_ID=${boot}`,
    `_HOSTNAME=${host}`,
    '_TRANSPORT=journal',
    `PRIORITY=${i % 8}`,
    'SYSLOG_IDENTIFIER=deb-test',
    '_SYSTEMD_UNIT=deb-test.service',
    `ENTRY_INDEX=${i}`,
  ].join('\n');
  if (i % 500 === 7) {
    const message = Buffer.from(`entry ${i} line one\nline two`);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(message.length));
    return Buffer.concat([Buffer.from(`${text}\nMESSAGE\n`), len, message, Buffer.from('\n\n')]);
  }
  return Buffer.from(`${text}\nMESSAGE=entry ${i} on ${host}\n\n`);
}

describe('the Debian package ships a real journal with nothing else on the host', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'logsift-deb-'));
  const root = join(tmp, 'root');
  const tools = join(tmp, 'tools');
  const state = join(tmp, 'state');
  const journal = join(tmp, 'host.journal');
  const stream = `deb-ship-${process.pid}`;
  const endpoints = inject('localAws');
  const { kinesis } = localClients(endpoints);
  let cursors: string[] = [];

  function ship(): { status: number | null; stderr: string } {
    const r = spawnSync(join(root, 'usr/bin/logsift-ship'), ['--stream', stream, '--endpoint', endpoints.kinesis, '--once', '--progress-interval', '0'], {
      // What systemd gives the unit: its EnvironmentFile's variables and STATE_DIRECTORY, no Node, no npm.
      env: { PATH: `${join(root, 'usr/bin')}:${tools}`, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', STATE_DIRECTORY: state },
      encoding: 'utf8',
      timeout: 5 * MINUTES,
    });
    return { status: r.status, stderr: r.stderr };
  }

  beforeAll(async () => {
    if (JOURNAL_REMOTE === undefined) {
      throw new Error('systemd-journal-remote is not installed: apt-get install -y systemd-journal-remote (.ci/run does)');
    }
    if (!existsSync(DEB)) {
      execFileSync(process.execPath, [join(ROOT, 'packaging/deb/build.mjs'), '--arch', DEB_ARCH], { cwd: ROOT, stdio: 'inherit', timeout: 20 * MINUTES });
    }
    execFileSync('dpkg-deb', ['-x', DEB, root]);
    mkdirSync(tools);
    mkdirSync(state);
    const realJournalctl = execFileSync('sh', ['-c', 'command -v journalctl'], { encoding: 'utf8' }).trim();
    writeFileSync(join(tools, 'journalctl'), `#!/bin/sh\nexec ${realJournalctl} --file '${journal}' "$@"\n`);
    chmodSync(join(tools, 'journalctl'), 0o755);
    const input = Buffer.concat(Array.from({ length: ENTRIES }, (_, i) => exportEntry(i)));
    execFileSync(JOURNAL_REMOTE, ['-o', journal, '-'], { input, stdio: ['pipe', 'ignore', 'pipe'] });
    cursors = execFileSync(realJournalctl, ['--file', journal, '-o', 'json', '--output-fields=__CURSOR'], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { __CURSOR: string }).__CURSOR);
    await createStream(kinesis, stream, 2);
  }, 25 * MINUTES);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the package holds the executable, the unit, the config as a conffile and enables nothing', () => {
    const info = execFileSync('dpkg-deb', ['-I', DEB], { encoding: 'utf8' });
    expect(info).toContain(`Architecture: ${DEB_ARCH}`);
    expect(execFileSync('dpkg-deb', ['-I', DEB, 'conffiles'], { encoding: 'utf8' }).trim()).toBe('/etc/logsift/ship.env');
    const unit = readFileSync(join(root, 'lib/systemd/system/logsift-ship.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/logsift-ship --stream \$\{LOGSIFT_STREAM\}/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/logsift\/ship\.env$/m);
    expect(unit).toMatch(/^StateDirectory=logsift$/m);
    expect(readFileSync(join(root, 'etc/logsift/ship.env'), 'utf8')).toMatch(/^LOGSIFT_STREAM=$/m);
    const postinst = execFileSync('dpkg-deb', ['-I', DEB, 'postinst'], { encoding: 'utf8' });
    expect(postinst).not.toMatch(/systemctl (enable|start)/);
  });

  it('without a stream (ship.env as installed) it stops with a usage error, which the unit does not restart', () => {
    const r = spawnSync(join(root, 'usr/bin/logsift-ship'), ['--stream', ''], { env: { PATH: join(root, 'usr/bin') }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--stream');
  });

  it('ships every entry of the journal once, and a second run resumes from the cursor with nothing new', async () => {
    expect(cursors).toHaveLength(ENTRIES);
    const first = ship();
    expect(first.status, first.stderr).toBe(0);
    const cursorFile = join(state, `ship-${stream}.cursor`);
    expect(readFileSync(cursorFile, 'utf8').trim()).toBe(cursors.at(-1));

    const ctx = parseContextFor(DEFAULT_CONFIG, new Date('2026-11-26T00:00:00Z'));
    const arrived = async () => {
      const seen = new Map<string, number>();
      const messages = new Map<string, string>();
      for (const rec of await readWholeStream(kinesis, stream)) {
        for (const raw of decodeKinesisRecord(rec, { format: 'auto', maxEventBytes: DEFAULT_CONFIG.limits.max_event_bytes })) {
          const parsed = parseEvent(raw, 'auto', ctx);
          expect(parsed.parse_error).toBeNull();
          const cursor = parsed.fields.__CURSOR ?? '';
          seen.set(cursor, (seen.get(cursor) ?? 0) + 1);
          messages.set(parsed.fields.ENTRY_INDEX ?? '', parsed.message ?? '');
        }
      }
      return { seen, messages };
    };
    const { seen, messages } = await arrived();
    expect([...seen.keys()].sort()).toEqual([...cursors].sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(messages.get('7')).toBe('entry 7 line one\nline two');
    expect(messages.get('2999')).toBe('entry 2999 on worker-2');

    const again = ship();
    expect(again.status, again.stderr).toBe(0);
    const after = await arrived();
    expect([...after.seen.values()].every((n) => n === 1)).toBe(true);
    expect(after.seen.size).toBe(ENTRIES);
  });
});
