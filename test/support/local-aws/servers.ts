import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './ports.js';

/** Endpoints of the running stand-ins, as `http://127.0.0.1:PORT` URLs. */
export interface LocalAwsEndpoints {
  kinesis: string;
  dynamodb: string;
  /** fauxqs serves S3, SNS and SQS on one endpoint. */
  s3: string;
  sns: string;
  sqs: string;
}

export type StandIn = 'kinesis' | 'dynamodb' | 'fauxqs';

interface Running {
  name: StandIn;
  child: ChildProcess;
  url: string;
}

// Beside this file; from the compiled copy in dist/ (npm run bench), in the source tree.
const SERVE = [new URL('./serve.mjs', import.meta.url), new URL('../../../../test/support/local-aws/serve.mjs', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(p))!;
// Start-up is awaited by polling until the server accepts connections (or its process exits);
// this cap only keeps a server that never comes up from hanging the run. 15 s was too short
// with two suites at once on a loaded 2-core machine (fauxqs did not start in time).
const START_TIMEOUT_MS = 120_000;
const KILL_AFTER_MS = 5_000;

/** Starts one stand-in on a free loopback port and waits until it accepts connections. */
async function start(name: StandIn): Promise<Running> {
  const port = await freePort();
  // stdio ignored: an orphan holding the runner's stderr would keep CI's pipe open.
  const child = spawn(process.execPath, [SERVE, name, String(port)], { stdio: 'ignore' });
  const running: Running = { name, child, url: `http://127.0.0.1:${port}` };
  try {
    await waitForPort(port, START_TIMEOUT_MS, () => child.exitCode === null && child.signalCode === null);
  } catch (err) {
    await stop(running);
    throw new Error(`${name} stand-in did not start: ${(err as Error).message}`);
  }
  return running;
}

/** SIGTERM, then SIGKILL if it is still there after a grace period. */
function stop(r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => r.child.kill('SIGKILL'), KILL_AFTER_MS);
    r.child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    r.child.kill('SIGTERM');
  });
}

export interface LocalAws {
  endpoints: LocalAwsEndpoints;
  stop(): Promise<void>;
}

/**
 * Starts the stand-ins (kinesalite, dynalite, fauxqs) in parallel. If any fails, the others are
 * stopped before the error is thrown, so no orphan is left running.
 */
export async function startLocalAws(names: readonly StandIn[] = ['kinesis', 'dynamodb', 'fauxqs']): Promise<LocalAws> {
  const settled = await Promise.allSettled(names.map(start));
  const up = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(up.map(stop));
  };
  if (failed.length > 0) {
    await stopAll();
    throw new Error(failed.join('; '));
  }
  const url = (name: StandIn): string => up.find((r) => r.name === name)?.url ?? '';
  return {
    endpoints: { kinesis: url('kinesis'), dynamodb: url('dynamodb'), s3: url('fauxqs'), sns: url('fauxqs'), sqs: url('fauxqs') },
    stop: stopAll,
  };
}

/**
 * The SDK's standard variables that point code under test at the stand-ins with no code change
 * (`AWS_ENDPOINT_URL_<SERVICE>`), plus dummy credentials and the checksum mode fauxqs needs.
 */
export function localAwsEnv(e: LocalAwsEndpoints): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_KINESIS: e.kinesis,
    AWS_ENDPOINT_URL_DYNAMODB: e.dynamodb,
    AWS_ENDPOINT_URL_S3: e.s3,
    AWS_ENDPOINT_URL_SNS: e.sns,
    AWS_ENDPOINT_URL_SQS: e.sqs,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  };
}
