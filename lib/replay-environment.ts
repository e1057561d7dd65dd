import { Token } from 'aws-cdk-lib';

/** A value as one POSIX shell word: tokens (names, ARNs) carry no shell syntax; literals are single-quoted. */
function shellWord(value: string): string {
  return Token.isUnresolved(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `export …` line that gives `logsift replay` the environment the ingest function has, so
 * `eval "$(aws cloudformation describe-stacks … ReplayEnvironment …)"` sets all of it
 * (docs/install.md). `variables` is the function's own environment, so the two cannot drift.
 */
export function replayEnvironmentLine(variables: Record<string, string>, region: string): string {
  const words = Object.entries(variables).map(([name, value]) => `${name}=${shellWord(value)}`);
  return ['export', `AWS_REGION=${region}`, ...words].join(' ');
}
