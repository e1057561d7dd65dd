import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ENV } from '../../functions/ingest/environment.js';
import { localClients } from '../support/local-aws/clients.js';
import { localAwsEnv } from '../support/local-aws/servers.js';
import { killLeftovers, JOURNAL_SOURCE, sdkWarningLines, spawnLogsift } from '../support/ship/spawn-ship.js';

// Under Node 20 the AWS SDK printed an 8-line NodeVersionSupportWarning on every `ship` and
// `replay`. The CLI turns that one warning off with the SDK's documented switch; errors still print.
const endpoints = inject('localAws');
afterAll(killLeftovers);
const node20 = Number(process.versions.node.split('.')[0]) < 22;

describe('no AWS SDK Node-version warning on stderr', () => {
  it('logsift ship', async () => {
    const run = spawnLogsift(['ship', '--stream', 'no-such-stream', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--once', '--cursor-file', join(tmpdir(), `logsift-sdk-warning-${process.pid}.cursor`), '--source-command', `"${process.execPath}" "${JOURNAL_SOURCE}" --count 3`]);
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toMatch(/error: there is no stream no-such-stream/); // errors still print
    expect(sdkWarningLines(run.stderr())).toEqual([]);
  });

  it('logsift replay', async () => {
    const queueUrl = (await localClients(endpoints).sqs.send(new CreateQueueCommand({ QueueName: 'sdk-warning-dlq' }))).QueueUrl!;
    const env = {
      ...process.env,
      ...localAwsEnv(endpoints),
      [ENV.tablesBucket]: 'b',
      [ENV.stateTable]: 's',
      [ENV.alertTable]: 'a',
      [ENV.alertTopicArn]: 'arn:aws:sns:us-east-1:000000000000:t',
    };
    const run = spawnLogsift(['replay', '--from-dlq', queueUrl], env);
    expect((await run.exit).code).toBe(0);
    expect(run.stdout()).toContain('nothing to replay');
    expect(sdkWarningLines(run.stderr())).toEqual([]);
  });

  it.runIf(node20)('an explicit AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false still shows it (the check can fail)', async () => {
    const run = spawnLogsift(['ship', '--stream', 'no-such-stream', '--region', 'us-east-1', '--endpoint', endpoints.kinesis, '--once', '--cursor-file', join(tmpdir(), `logsift-sdk-warning-${process.pid}.cursor`), '--source-command', 'true'], {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
    });
    await run.exit;
    expect(sdkWarningLines(run.stderr()).length).toBeGreaterThan(0);
  });
});
