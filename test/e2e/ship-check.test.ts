import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cursorOf, exportEntryBytes } from '../../bench/journal-source.js';
import { localClients } from '../support/local-aws/clients.js';
import { fakeJournalctl, killLeftovers, noCredentialsEnv, spawnLogsift, TEST_CREDENTIALS } from '../support/ship/spawn-ship.js';
import { createStream } from '../support/local-aws/resources.js';

// `logsift ship --check` (the built CLI) against kinesalite: one line per check, ok or FAIL with
// the fix, exit 0 only when everything holds; it ships and writes nothing.
const endpoints = inject('localAws');
const STREAM = 'ship-check';
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-ship-check-'));
  chmodSync(dir, 0o755); // the unprivileged-user test below reads a file in it
  await createStream(localClients(endpoints).kinesis, STREAM, 1);
});
afterAll(() => {
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
});

interface Checked {
  code: number | null;
  lines: Record<string, string>;
  stdout: string;
}

async function check(args: string[], env: NodeJS.ProcessEnv, extra: { uid?: number } = {}): Promise<Checked> {
  const run = spawnLogsift(['ship', '--check', '--stream', STREAM, '--region', 'us-east-1', '--endpoint', endpoints.kinesis, ...args], env, extra);
  const { code } = await run.exit;
  const lines: Record<string, string> = {};
  for (const l of run.stdout().split('\n')) {
    const m = /^(ok|FAIL|skip) +(\w+) +(.*)$/.exec(l);
    if (m) lines[m[2]] = `${m[1]} ${m[3]}`;
  }
  return { code, lines, stdout: run.stdout() };
}

const withFake = (bin: string): NodeJS.ProcessEnv => ({ ...process.env, ...TEST_CREDENTIALS, PATH: `${bin}:${process.env.PATH}` });

describe('logsift ship --check with a journalctl stand-in', () => {
  it('all good: every line ok, exit 0, nothing written', async () => {
    const cursorFile = join(dir, 'good.cursor');
    writeFileSync(cursorFile, cursorOf(5) + '\n');
    const before = readdirSync(dir).sort();
    const r = await check(['--cursor-file', cursorFile], withFake(fakeJournalctl(dir)));
    expect(r.stdout.split('\n')[0]).toBe(`logsift ship --check: stream ${STREAM}, endpoint ${endpoints.kinesis}, cursor file ${cursorFile}`);
    expect(r.lines).toEqual({
      region: 'ok us-east-1',
      credentials: 'ok the AWS SDK chain found an access key',
      stream: `ok ${STREAM} in us-east-1 is ACTIVE (PROVISIONED, 1 open shards, retention 24 h)`,
      journal: expect.stringMatching(/^ok journalctl reads the system journal; newest entry \d{4}-/),
      cursor: `ok ${cursorFile}: journalctl accepts it`,
    });
    expect(r.stdout).toMatch(/\nall checks passed\n$/);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort().filter((f) => !f.startsWith('bin-'))).toEqual(before.filter((f) => !f.startsWith('bin-')));
  });

  it('no credentials: FAIL with the fix, the stream is not tried, exit 1', async () => {
    const env = { ...noCredentialsEnv(dir), PATH: `${fakeJournalctl(dir)}:${process.env.PATH}` };
    const r = await check(['--cursor-file', join(dir, 'none.cursor')], env);
    expect(r.code).toBe(1);
    expect(r.lines.credentials).toMatch(/^FAIL no AWS credentials found \(CredentialsProviderError: .*\)\. Fix: give the host an IAM role/);
    expect(r.lines.stream).toBe('skip needs a region and credentials');
    expect(r.lines.journal).toMatch(/^ok /);
    expect(r.stdout).toMatch(/\n1 check failed\n$/);
  });

  it('a wrong stream: FAIL naming the stream and region', async () => {
    const r = await check(['--stream', 'no-such-stream', '--cursor-file', join(dir, 'none.cursor')], withFake(fakeJournalctl(dir)));
    expect(r.code).toBe(1);
    expect(r.lines.stream).toMatch(/^FAIL there is no stream no-such-stream in us-east-1 \(ResourceNotFoundException: .*\)\. Fix: check --stream and --region/);
  });

  it('an unreadable journal: FAIL with journalctl\'s words and the group fix', async () => {
    const denied = fakeJournalctl(dir, 0, "#!/bin/sh\necho 'Failed to open files: Permission denied' >&2\nexit 1\n");
    const r = await check(['--cursor-file', join(dir, 'none.cursor')], withFake(denied));
    expect(r.code).toBe(1);
    expect(r.lines.journal).toBe(
      'FAIL journalctl cannot read the system journal (exit 1: Failed to open files: Permission denied). Fix: run the shipper as a member of the systemd-journal group (the unit sets SupplementaryGroups=systemd-journal), or as root',
    );
    expect(r.lines.cursor).toBe('skip needs a readable journal');
  });

  it('no journalctl at all: FAIL', async () => {
    const env = { ...process.env, ...TEST_CREDENTIALS, PATH: mkdtempSync(join(dir, 'empty-')) };
    const r = await check(['--cursor-file', join(dir, 'none.cursor')], env);
    expect(r.code).toBe(1);
    expect(r.lines.journal).toMatch(/^FAIL cannot run journalctl \(spawn journalctl ENOENT\)\. Fix: install journalctl/);
  });

  it('a corrupt cursor: FAIL naming the file and how to reset it', async () => {
    const cursorFile = join(dir, 'corrupt.cursor');
    writeFileSync(cursorFile, 'garbage\n');
    const r = await check(['--cursor-file', cursorFile], withFake(fakeJournalctl(dir)));
    expect(r.code).toBe(1);
    expect(r.lines.cursor).toBe(
      `FAIL journalctl rejects the cursor in ${cursorFile} (Failed to seek to cursor: Invalid argument). Fix: remove ${cursorFile} to ship the whole journal again, ` +
        `or start from the newest entry with \`journalctl -n 1 -o export | sed -n 's/^__CURSOR=//p' > ${cursorFile}\``,
    );
    expect(r.lines.stream).toMatch(/^ok /);
  });
});

const JOURNAL_REMOTE = '/lib/systemd/systemd-journal-remote';
const haveRealJournal = existsSync(JOURNAL_REMOTE) && spawnSync('journalctl', ['--version']).status === 0;

describe.runIf(haveRealJournal)(`logsift ship --check with the real journalctl --journal-file (skipped without ${JOURNAL_REMOTE}: apt-get install systemd-journal-remote)`, () => {
  let journal: string;
  beforeAll(() => {
    journal = join(dir, 'real.journal');
    const made = spawnSync(JOURNAL_REMOTE, ['-o', journal, '-'], { input: Buffer.concat(Array.from({ length: 5 }, (_, i) => exportEntryBytes(i))) });
    expect(made.status, made.stderr.toString()).toBe(0);
  });
  const env = () => ({ ...process.env, ...TEST_CREDENTIALS });

  it('all good, with the cursor of a real entry', async () => {
    const cursor = /^__CURSOR=(.*)$/m.exec(spawnSync('journalctl', ['--file', journal, '-n', '1', '-o', 'export']).stdout.toString('latin1'))![1];
    const cursorFile = join(dir, 'real-good.cursor');
    writeFileSync(cursorFile, cursor + '\n');
    const r = await check(['--journal-file', journal, '--cursor-file', cursorFile], env());
    expect(r.lines.journal).toMatch(new RegExp(`^ok journalctl reads journal file ${journal}; newest entry 2025-`));
    expect(r.lines.cursor).toBe(`ok ${cursorFile}: journalctl accepts it`);
    expect(r.code).toBe(0);
  });

  it('a corrupt cursor, in the real journalctl\'s words', async () => {
    const cursorFile = join(dir, 'real-corrupt.cursor');
    writeFileSync(cursorFile, 'garbage\n');
    const r = await check(['--journal-file', journal, '--cursor-file', cursorFile], env());
    expect(r.code).toBe(1);
    expect(r.lines.cursor).toMatch(/^FAIL journalctl rejects the cursor in .* \(Failed to seek to cursor: Invalid argument\)\. Fix: remove /);
  });

  it('a file that is not a journal', async () => {
    const bad = join(dir, 'bad.journal');
    writeFileSync(bad, Buffer.alloc(4096, 0x5a));
    const r = await check(['--journal-file', bad, '--cursor-file', join(dir, 'none.cursor')], env());
    expect(r.code).toBe(1);
    expect(r.lines.journal).toMatch(/^FAIL journalctl cannot read journal file .*bad\.journal \(exit 1: Failed to open files: .*\)\. Fix: check the path/);
  });

  it.runIf(process.getuid?.() === 0)('a journal file the shipper\'s user may not read (run as nobody)', async () => {
    const locked = join(dir, 'locked.journal');
    copyFileSync(journal, locked);
    chmodSync(locked, 0o600);
    const r = await check(['--journal-file', locked, '--cursor-file', join(dir, 'none.cursor')], { ...env(), HOME: dir }, { uid: 65534 });
    expect(r.code).toBe(1);
    expect(r.lines.journal).toMatch(/^FAIL journalctl cannot read journal file .*locked\.journal \(exit 1: Failed to open files: Permission denied\)/);
  });
});
