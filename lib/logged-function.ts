import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface LoggedFunctionProps {
  /** Construct ids of the log group and role (callers keep their own, so logical ids stay). */
  logGroupId: string;
  roleId: string;
  roleDescription: string;
  /** The handler file, relative to the repository root. */
  entry: string;
  memorySize: number;
  timeout: Duration;
  reservedConcurrentExecutions?: number;
  environment: Record<string, string>;
}

/**
 * A logsift Lambda function (construct id `Handler`) with its own log group and role: logs go
 * to that group only, not logs:* on every group as AWSLambdaBasicExecutionRole would allow.
 * Bundled locally by esbuild (no Docker) as minified ESM for Node 22 on arm64.
 */
export function loggedFunction(scope: Construct, props: LoggedFunctionProps): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, props.logGroupId, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, props.roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: props.roleDescription });
  logGroup.grantWrite(role);
  const root = repoRoot();
  return new NodejsFunction(scope, 'Handler', {
    entry: join(root, props.entry),
    handler: 'handler',
    projectRoot: root,
    depsLockFilePath: join(root, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    role,
    logGroup,
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node22',
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      // Some dependencies are CommonJS and call require(); ESM bundles need it defined.
      banner: "import { createRequire as __logsiftRequire } from 'node:module'; const require = __logsiftRequire(import.meta.url);",
      forceDockerBundling: false,
    },
  });
}
