/**
 * Local micro-benchmark, not a test: `npx vitest bench test/parse/rfc3164.bench.ts --run`.
 * Compares parseRfc3164 with the npm package glossy on the same lines (glossy gets strings, as
 * it takes them; we get the Buffer the pipeline has).
 */
import glossy from 'glossy';
import { bench, describe } from 'vitest';
import { parseRfc3164 } from '../../functions/parse/rfc3164.js';
import type { ParseContext } from '../../functions/parse/types.js';

const LINES = [
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  '<85>Jan 24 15:50:41 ip-172-31-30-110 sudo[6040]: ec2-user : TTY=pts/0 ; PWD=/var/log ; USER=root ; COMMAND=/bin/tail secure',
  '<30>Nov 26 01:02:03 node-7 kubelet[1234]: I1126 01:02:03.123456    1234 kubelet.go:123] Successfully probed container',
  '<30>2026-11-26T01:02:03.123456+01:00 web-1 nginx[812]: 10.0.0.1 - - "GET /healthz HTTP/1.1" 200 2',
];
const BUFFERS = LINES.map((l) => Buffer.from(l));
const received = new Date('2026-11-26T00:00:00Z');
const utc: ParseContext = { receivedTime: received, timeZoneFor: () => 'UTC' };
const berlin: ParseContext = { receivedTime: received, timeZoneFor: () => 'Europe/Berlin' };

let sink = 0;
describe('rfc3164: 4 lines per iteration', () => {
  bench('logsift parseRfc3164 (UTC)', () => {
    for (const b of BUFFERS) sink += parseRfc3164(b, utc).message.length;
  });
  bench('logsift parseRfc3164 (Europe/Berlin)', () => {
    for (const b of BUFFERS) sink += parseRfc3164(b, berlin).message.length;
  });
  bench('glossy Parse.parse', () => {
    for (const l of LINES) sink += glossy.Parse.parse(l) ? 1 : 0;
  });
});
