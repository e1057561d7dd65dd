import { PassThrough } from 'node:stream';
import { runCli } from '../../bin/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as NDJSON (getter: --help output is not JSON). */
  readonly lines: any[];
}

/** Runs the CLI in-process with `stdin` as its standard input. */
export async function cli(argv: string[], stdin: string | Buffer = ''): Promise<CliResult> {
  const input = new PassThrough();
  const out = new PassThrough();
  const err = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (c: Buffer) => outChunks.push(c));
  err.on('data', (c: Buffer) => errChunks.push(c));
  input.end(stdin);
  const code = await runCli(argv, { stdin: input, stdout: out, stderr: err });
  const stdout = Buffer.concat(outChunks).toString('utf8');
  return {
    code,
    stdout,
    stderr: Buffer.concat(errChunks).toString('utf8'),
    get lines() {
      return stdout.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
    },
  };
}
