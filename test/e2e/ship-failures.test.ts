import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cursorOf, exportEntryBytes } from '../../bench/journal-source.js';
import { localClients } from '../support/local-aws/clients.js';
import { fakeJournalctl, killLeftovers, JOURNAL_SOURCE, noCredentialsEnv, sdkWarningLines, spawnLogsift, TEST_CREDENTIALS, until } from '../support/ship/spawn-ship.js';
import { createStream } from '../support/local-aws/resources.js';

// `logsift ship` as a real process (the built CLI: `npm run build`) when things go wrong: it must
// stop with one line naming the cause and the fix, or retry saying why, and never hang.
const endpoints = inject('localAws');
let dir: string;

/** A loopback port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const source = (count: number, follow = false) => `"${process.execPath}" "${JOURNAL_SOURCE}" --count ${count}${follow ? ' --follow' : ''}`;
const lastLine = (s: string) => s.trimEnd().split('\n').pop() ?? '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-ship-fail-'));
  await createStream(localClients(endpoints).kinesis, 'ship-fail', 1);
});
afterAll(() => {
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
});

describe('logsift ship: errors retrying cannot fix stop it at once, with the cause and the fix', () => {
  it('no credentials: exit 1 at once, one line naming the cause and the fix, no SDK warning', async () => {
    const run = spawnLogsift(
      ['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--once', '--cursor-file', join(dir, 'nocred.cursor'), '--source-command', source(10)],
      noCredentialsEnv(dir),
    );
    const { code, ms } = await run.exit;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(20_000);
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: error: no AWS credentials found \(CredentialsProviderError: .*\)\. Fix: give the host an IAM role .*AWS_ACCESS_KEY_ID/);
    expect(run.stderr()).not.toMatch(/retrying/);
    expect(sdkWarningLines(run.stderr())).toEqual([]);
    expect(existsSync(join(dir, 'nocred.cursor'))).toBe(false);
  });

  it('a stream that does not exist: exit 1 at once, naming the stream and region', async () => {
    const run = spawnLogsift(['ship', '--stream', 'no-such-stream', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--once', '--cursor-file', join(dir, 'nostream.cursor'), '--source-command', source(10)]);
    const { code } = await run.exit;
    expect(code).toBe(1);
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: error: there is no stream no-such-stream in us-east-1 \(ResourceNotFoundException: .*\)\. Fix: check --stream and --region/);
  });

  it('an endpoint whose name does not resolve: the cause on stderr while retrying, then exit 1 after --unreachable-timeout', async () => {
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', 'http://kinesis.logsift-test.invalid', '--unreachable-timeout', '2', '--once', '--cursor-file', join(dir, 'dns.cursor'), '--source-command', source(10)]);
    const { code, ms } = await run.exit;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(30_000);
    // The resolver of a sandbox without DNS says EAI_AGAIN; with DNS, .invalid is ENOTFOUND (RFC 6761).
    expect(run.stderr()).toMatch(/logsift ship: Kinesis call failed, retrying with backoff: (cannot resolve kinesis\.logsift-test\.invalid \(ENOTFOUND\)|cannot reach .* \(EAI_AGAIN)/);
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: error: .*kinesis\.logsift-test\.invalid.*no call has succeeded in \d+ s since the start\. Fix: /);
  });

  it('a refused connection is retried with the cause printed, and SIGTERM still ends it within --stop-timeout; the source is killed', async () => {
    const port = await closedPort();
    const pidFile = join(dir, 'source.pid');
    const cursorFile = join(dir, 'refused.cursor');
    // A source that ignores SIGTERM (an ignored signal stays ignored across exec): only SIGKILL ends it.
    const stubborn = `trap '' TERM; echo $$ > "${pidFile}"; ${source(50, true)}`;
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', `http://127.0.0.1:${port}`, '--unreachable-timeout', '0', '--stop-timeout', '1', '--cursor-file', cursorFile, '--source-command', stubborn]);
    await until('the cause of the retries on stderr', () => /retrying with backoff: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED/.test(run.stderr()));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const t0 = Date.now();
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: error: stopped after 1 s with 50 entries not acknowledged; the cursor stays at the last acknowledged entry/);
    expect(existsSync(cursorFile)).toBe(false);
    await until('the source gone', () => !alive(pid), 5000);
  });
});

describe('logsift ship: SIGINT', () => {
  it('like SIGTERM: sends what was read, saves the cursor, exits 0', async () => {
    const cursorFile = join(dir, 'sigint.cursor');
    // Records stay open (1 h flush, big records) until the signal; the source keeps following.
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--flush-ms', '3600000', '--record-bytes', '1000000', '--progress-interval', '1', '--cursor-file', cursorFile, '--source-command', source(30, true)]);
    await until('all 30 entries read', () => / entries=30 /.test(run.stderr()));
    run.child.kill('SIGINT');
    expect((await run.exit).code).toBe(0);
    expect(readFileSync(cursorFile, 'utf8')).toBe(cursorOf(29) + '\n');
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: done: entries=30 acked=30 pending=0 /);
  });
});

describe('logsift ship: a source that cannot start is an error, not a loop', () => {
  it('a corrupt cursor file: exit 1 with a line naming the file and how to reset it (following, not --once)', async () => {
    const bin = fakeJournalctl(dir);
    const cursorFile = join(dir, 'corrupt.cursor');
    writeFileSync(cursorFile, 'garbage\n');
    const env = { ...process.env, ...TEST_CREDENTIALS, PATH: `${bin}:${process.env.PATH}` };
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--cursor-file', cursorFile], env);
    const { code, ms } = await run.exit;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(20_000);
    expect(run.stderr()).toContain('logsift ship: source: Failed to seek to cursor: Invalid argument');
    expect(lastLine(run.stderr())).toBe(
      `logsift ship: error: the source cannot start from the cursor saved in ${cursorFile} (Failed to seek to cursor: Invalid argument): ` +
        `the file is damaged or names another journal. Fix: remove ${cursorFile} to ship the whole journal again (entries already shipped keep their event_id), ` +
        `or start from the newest entry with \`journalctl -n 1 -o export | sed -n 's/^__CURSOR=//p' > ${cursorFile}\``,
    );
    expect(run.stderr()).not.toContain('restarting');
    expect(readFileSync(cursorFile, 'utf8')).toBe('garbage\n'); // left for the user to look at
  });

  it('the same fake journalctl with a good cursor ships what follows it', async () => {
    const bin = fakeJournalctl(dir);
    const cursorFile = join(dir, 'good.cursor');
    writeFileSync(cursorFile, cursorOf(9) + '\n');
    const env = { ...process.env, ...TEST_CREDENTIALS, PATH: `${bin}:${process.env.PATH}` };
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--once', '--cursor-file', cursorFile], env);
    expect((await run.exit).code).toBe(0);
    expect(run.stderr()).toMatch(/done: entries=10 acked=10 pending=0 /);
    expect(readFileSync(cursorFile, 'utf8')).toBe(cursorOf(19) + '\n');
  });

  it('a source that fails at once every time stops after three tries', async () => {
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--cursor-file', join(dir, 'fails.cursor'), '--source-command', "echo 'journal unreadable' >&2; exit 3"]);
    const { code } = await run.exit;
    expect(code).toBe(1);
    expect(run.stderr().match(/restarting after the last entry read/g)).toHaveLength(2);
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: error: the source `echo 'journal unreadable' >&2; exit 3` failed 3 times in a row without printing an entry \(it exited with code 3: journal unreadable\)\. Fix: /);
  }, 30_000);

  it('no journalctl on PATH: exit 1 at once', async () => {
    const env = { ...process.env, ...TEST_CREDENTIALS, PATH: mkdtempSync(join(dir, 'empty-')) };
    const run = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--cursor-file', join(dir, 'nojournalctl.cursor')], env);
    expect((await run.exit).code).toBe(1);
    expect(lastLine(run.stderr())).toMatch(/^logsift ship: error: cannot run the source `journalctl -o export` \(spawn journalctl ENOENT\)\. Fix: install journalctl/);
  });
});

// A real journal file, written by systemd-journal-remote from export entries, read by the real
// journalctl. CI installs the package (.ci/run); without the binary these tests are skipped, and say why.
const JOURNAL_REMOTE = '/lib/systemd/systemd-journal-remote';
const haveRealJournal = existsSync(JOURNAL_REMOTE) && spawnSync('journalctl', ['--version']).status === 0;

describe.runIf(haveRealJournal)(`logsift ship with the real journalctl --file (skipped without ${JOURNAL_REMOTE}: apt-get install systemd-journal-remote)`, () => {
  let journal: string;
  beforeAll(() => {
    journal = join(dir, 'real.journal');
    const made = spawnSync(JOURNAL_REMOTE, ['-o', journal, '-'], { input: Buffer.concat(Array.from({ length: 20 }, (_, i) => exportEntryBytes(i))) });
    expect(made.status, made.stderr.toString()).toBe(0);
  });

  it('ships every entry of the file and saves the last cursor; a corrupt cursor then stops it with the reset hint', async () => {
    const cursorFile = join(dir, 'real.cursor');
    const first = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--once', '--journal-file', journal, '--cursor-file', cursorFile]);
    expect((await first.exit).code).toBe(0);
    expect(first.stderr()).toMatch(/done: entries=20 acked=20 pending=0 /);
    const cursors = spawnSync('journalctl', ['--file', journal, '-o', 'export']).stdout.toString('latin1').match(/^__CURSOR=.*$/gm)!;
    expect(readFileSync(cursorFile, 'utf8')).toBe(cursors[19].slice('__CURSOR='.length) + '\n');

    writeFileSync(cursorFile, 'garbage\n');
    const second = spawnLogsift(['ship', '--stream', 'ship-fail', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--journal-file', journal, '--cursor-file', cursorFile]);
    const { code, ms } = await second.exit;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(20_000);
    expect(lastLine(second.stderr())).toMatch(new RegExp(`^logsift ship: error: the source cannot start from the cursor saved in ${cursorFile} \\(Failed to seek to cursor: Invalid argument\\)`));
  });
});

/** Running (a zombie waiting for a reaper that never comes, in a container, counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
