// Runs one local AWS stand-in on 127.0.0.1:<port>, for the tests only.
// Usage: node serve.mjs kinesis|dynamodb|fauxqs <port>
import { createRequire } from 'node:module';

const [service, portText] = process.argv.slice(2);
const port = Number(portText);
const require = createRequire(import.meta.url);

// If the test runner dies (kill -9), this server must not outlive it: exit when re-parented.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();

// Creating a stream or table takes a while, as on AWS: a test that uses one before it is ACTIVE
// fails on practically every run here, instead of only on a loaded machine where even a 0 ms
// timer is late.
// Tests wait with the SDK's waiters (resources.ts).
const CREATE_MS = 200;

if (service === 'kinesis') {
  const server = require('kinesalite')({ createStreamMs: CREATE_MS, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 50 });
  server.listen(port, '127.0.0.1');
} else if (service === 'dynamodb') {
  const server = require('dynalite')({ createTableMs: CREATE_MS, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(port, '127.0.0.1');
} else if (service === 'fauxqs') {
  // fauxqs always binds to 0.0.0.0 (no option); the tests only ever talk to 127.0.0.1.
  const { startFauxqs } = await import('fauxqs');
  await startFauxqs({ port, logger: false });
} else {
  process.stderr.write(`serve.mjs: unknown service ${service}\n`);
  process.exit(2);
}
