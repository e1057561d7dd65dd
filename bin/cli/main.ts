import { runCli } from './run.js';

// Under Node 20 every AWS SDK client prints an 8-line NodeVersionSupportWarning (releases after
// January 2027 need Node 22). The SDK's documented switch (aws-sdk-js-v3#7983) silences that one
// warning only; other warnings and every error still print. A value the user set wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is the reader's choice, not a failure.
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`logsift: cannot write output: ${err.message}\n`);
  process.exit(1);
});

process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
