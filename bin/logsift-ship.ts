// `logsift-ship`: `logsift ship` alone, the entry of the self-contained executable in the Debian
// package (packaging/deb/). It is bundled to one CommonJS file for a Node single executable
// application, so no top-level await here.
import { runShipCli } from './cli/ship.js';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

runShipCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`logsift-ship: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
