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

if (service === 'kinesis') {
  // createStreamMs 0: streams are ACTIVE at once, so tests need no long waiter.
  const server = require('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 50 });
  server.listen(port, '127.0.0.1');
} else if (service === 'dynamodb') {
  const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(port, '127.0.0.1');
} else if (service === 'fauxqs') {
  // fauxqs always binds to 0.0.0.0 (no option); the tests only ever talk to 127.0.0.1.
  const { startFauxqs } = await import('fauxqs');
  await startFauxqs({ port, logger: false });
} else {
  process.stderr.write(`serve.mjs: unknown service ${service}\n`);
  process.exit(2);
}
