import { spawn } from 'node:child_process';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { rx } from '../shared/safe-regex.js';
import { readCursorFile } from './cursor-file.js';
import { kinesisClient } from './kinesis-put.js';
import { classifyKinesisError } from './kinesis-errors.js';
import { journalArgs, type JournalSelection } from './journal-source.js';

/**
 * `logsift ship --check`: everything the shipper needs, tested without shipping anything or
 * writing anything: credentials, region, the stream (DescribeStreamSummary: exists, ACTIVE),
 * journal access and the saved cursor (journalctl must accept it).
 */
export interface PreflightTarget {
  stream: string;
  region?: string;
  endpoint?: string;
  cursorFile: string;
  source: { kind: 'stdin' } | { kind: 'command'; command: string | null; journal?: JournalSelection };
}

export interface CheckResult {
  name: 'region' | 'credentials' | 'stream' | 'journal' | 'cursor';
  status: 'ok' | 'FAIL' | 'skip';
  detail: string;
  /** What to do, when it failed. */
  fix?: string;
}

/** journalctl's words when the user may not read the system journal (src/journal/journalctl.c, src/shared/journal-util.c). */
const NO_PERMISSION = rx(/insufficient permissions|not seeing messages from other users|permission denied/i);
const CURSOR_LINE = rx(/^__CURSOR=/m);
const REALTIME_LINE = rx(/^__REALTIME_TIMESTAMP=(\d{1,20})$/m);

const JOURNAL_GROUP_FIX = 'run the shipper as a member of the systemd-journal group (the unit sets SupplementaryGroups=systemd-journal), or as root';

export async function preflight(t: PreflightTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const client = kinesisClient({ region: t.region, endpoint: t.endpoint });
  try {
    let region: string | undefined;
    try {
      region = await client.config.region();
      results.push({ name: 'region', status: 'ok', detail: region });
    } catch (err) {
      results.push({ name: 'region', status: 'FAIL', detail: `no AWS region (${firstLine(err)})`, fix: 'pass --region or set AWS_REGION' });
    }
    const where = { stream: t.stream, region: region ?? 'no region', endpoint: t.endpoint ?? process.env.AWS_ENDPOINT_URL_KINESIS ?? process.env.AWS_ENDPOINT_URL };
    let credentialsOk = false;
    try {
      const c = await client.config.credentials();
      credentialsOk = true;
      results.push({ name: 'credentials', status: 'ok', detail: `the AWS SDK chain found ${c.sessionToken !== undefined ? 'temporary credentials (a role or session)' : 'an access key'}` });
    } catch (err) {
      const p = classifyKinesisError(err, where);
      results.push({ name: 'credentials', status: 'FAIL', detail: p.cause, fix: p.fix });
    }
    if (region === undefined || !credentialsOk) {
      results.push({ name: 'stream', status: 'skip', detail: 'needs a region and credentials' });
    } else {
      results.push(await checkStream(client, where));
    }
  } finally {
    client.destroy();
  }
  if (t.source.kind === 'stdin') {
    results.push({ name: 'journal', status: 'skip', detail: "the journal is read from standard input ('-')" });
  } else if (t.source.command !== null) {
    results.push({ name: 'journal', status: 'skip', detail: '--source-command is not run by --check' });
  } else {
    results.push(await checkJournal(t.source.journal));
  }
  const journalFailed = results[results.length - 1].status === 'FAIL';
  results.push(journalFailed ? { name: 'cursor', status: 'skip', detail: 'needs a readable journal' } : await checkCursor(t));
  return results;
}

async function checkStream(client: ReturnType<typeof kinesisClient>, where: { stream: string; region: string; endpoint?: string }): Promise<CheckResult> {
  try {
    const s = (await client.send(new DescribeStreamSummaryCommand({ StreamName: where.stream }))).StreamDescriptionSummary;
    const status = s?.StreamStatus ?? 'UNKNOWN';
    const mode = s?.StreamModeDetails?.StreamMode ?? 'PROVISIONED';
    const about = `${where.stream} in ${where.region} is ${status} (${mode}, ${s?.OpenShardCount ?? '?'} open shards, retention ${s?.RetentionPeriodHours ?? '?'} h)`;
    // UPDATING (resharding, retention change) still takes writes; CREATING and DELETING do not.
    if (status === 'ACTIVE' || status === 'UPDATING') return { name: 'stream', status: 'ok', detail: about };
    return { name: 'stream', status: 'FAIL', detail: about, fix: status === 'CREATING' ? 'wait until it is ACTIVE' : 'use a stream that is ACTIVE (--stream)' };
  } catch (err) {
    const p = classifyKinesisError(err, where);
    if (p.kind === 'permission') {
      return {
        name: 'stream',
        status: 'FAIL',
        detail: `the credentials may not describe stream ${where.stream} in ${where.region} (${firstLine(err)})`,
        fix: `allow kinesis:DescribeStreamSummary (for --check) and kinesis:PutRecords on arn:aws:kinesis:${where.region}:ACCOUNT:stream/${where.stream}`,
      };
    }
    return { name: 'stream', status: 'FAIL', detail: p.cause, fix: p.fix };
  }
}

async function checkJournal(sel: JournalSelection | undefined): Promise<CheckResult> {
  const what = sel === undefined ? 'the system journal' : sel.directory !== undefined ? `the journal in ${sel.directory}` : `journal file${sel.files.length > 1 ? 's' : ''} ${sel.files.join(', ')}`;
  const r = await runJournalctl([...journalArgs(sel), '-n', '1', '-o', 'export']);
  if (r.error !== undefined) {
    return { name: 'journal', status: 'FAIL', detail: `cannot run journalctl (${r.error})`, fix: 'install journalctl (systemd), or pass --source-command' };
  }
  const said = r.stderr.trim().split('\n').filter((l) => l.trim() !== '');
  const pathFix = sel === undefined ? JOURNAL_GROUP_FIX : 'check the path, that it holds journal files (*.journal), and that the shipper may read them';
  if (r.code !== 0) return { name: 'journal', status: 'FAIL', detail: `journalctl cannot read ${what} (exit ${r.code}: ${said[said.length - 1] ?? 'no message'})`, fix: pathFix };
  if (!CURSOR_LINE.test(r.stdout)) {
    if (said.some((l) => NO_PERMISSION.test(l))) return { name: 'journal', status: 'FAIL', detail: `journalctl may not read ${what} (${said.find((l) => NO_PERMISSION.test(l))!.trim()})`, fix: JOURNAL_GROUP_FIX };
    return { name: 'journal', status: 'ok', detail: `journalctl reads ${what}; it holds no entries yet` };
  }
  const us = REALTIME_LINE.exec(r.stdout)?.[1];
  const newest = us !== undefined ? `; newest entry ${new Date(Number(BigInt(us) / 1000n)).toISOString()}` : '';
  return { name: 'journal', status: 'ok', detail: `journalctl reads ${what}${newest}` };
}

async function checkCursor(t: PreflightTarget): Promise<CheckResult> {
  let cursor: string | null;
  try {
    cursor = await readCursorFile(t.cursorFile);
  } catch (err) {
    return { name: 'cursor', status: 'FAIL', detail: `cannot read ${t.cursorFile} (${firstLine(err)})`, fix: 'check --cursor-file (default: in STATE_DIRECTORY) and its permissions' };
  }
  if (cursor === null) return { name: 'cursor', status: 'ok', detail: `${t.cursorFile}: none yet; shipping starts at the oldest entry` };
  if (t.source.kind === 'stdin' || t.source.command !== null) return { name: 'cursor', status: 'skip', detail: `${t.cursorFile} holds a cursor; only journalctl can check it` };
  const r = await runJournalctl([...journalArgs(t.source.journal), `--after-cursor=${cursor}`, '-n', '1', '-o', 'export']);
  if (r.error !== undefined) return { name: 'cursor', status: 'skip', detail: `${t.cursorFile} holds a cursor; journalctl cannot run to check it` };
  if (r.code === 0) return { name: 'cursor', status: 'ok', detail: `${t.cursorFile}: journalctl accepts it` };
  const said = r.stderr.trim().split('\n').filter((l) => l.trim() !== '');
  return {
    name: 'cursor',
    status: 'FAIL',
    detail: `journalctl rejects the cursor in ${t.cursorFile} (${said[said.length - 1] ?? `exit ${r.code}`})`,
    fix: `remove ${t.cursorFile} to ship the whole journal again, or start from the newest entry with \`journalctl -n 1 -o export | sed -n 's/^__CURSOR=//p' > ${t.cursorFile}\``,
  };
}

/** journalctl with a time limit; stdout and stderr bounded (it prints one entry at most). */
function runJournalctl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn('journalctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('latin1').on('data', (c: string) => (stdout = (stdout + c).slice(0, 1 << 20)));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-8192)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, error: err.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function firstLine(err: unknown): string {
  const e = err as Error;
  return `${e.name ?? 'Error'}: ${(e.message ?? '').split('\n')[0]}`;
}

/** The screen `--check` prints: a header, one line per check, the verdict. */
export function formatPreflight(header: string, results: CheckResult[]): string {
  const lines = results.map((r) => `${r.status.padEnd(5)} ${r.name.padEnd(12)} ${r.detail}${r.fix !== undefined ? `. Fix: ${r.fix}` : ''}`);
  const failed = results.filter((r) => r.status === 'FAIL').length;
  return [header, ...lines, failed === 0 ? 'all checks passed' : `${failed} check${failed > 1 ? 's' : ''} failed`].join('\n');
}
