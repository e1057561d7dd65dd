/**
 * The whole-process baselines for `npm run bench`: `node dist/bench/baseline-cli.js MODE FILE`
 * turns each line of FILE into one NDJSON line on stdout, through the same output path as
 * `logsift parse FILE` (256 KiB reads, one write per chunk, waiting for the pipe to drain).
 *   glossy  the npm syslog parser glossy, then JSON.stringify of its result (the peer);
 *   json    JSON.parse + JSON.stringify of the line (the floor for journald JSON).
 */
import { createReadStream } from 'node:fs';
import glossy from 'glossy';

const MODES: Record<string, (line: string) => string> = {
  glossy: (line) => JSON.stringify(glossy.Parse.parse(line)),
  json: (line) => JSON.stringify(JSON.parse(line)),
};

const [mode, input] = process.argv.slice(2);
const convert = MODES[mode];
if (convert === undefined || input === undefined) {
  process.stderr.write('usage: baseline-cli glossy|json FILE\n');
  process.exit(2);
}

let rest = '';
for await (const chunk of createReadStream(input, { highWaterMark: 256 * 1024, encoding: 'utf8' })) {
  const lines = (rest + (chunk as string)).split('\n');
  rest = lines.pop() ?? '';
  await write(lines);
}
if (rest !== '') await write([rest]);

async function write(lines: string[]): Promise<void> {
  let text = '';
  for (const line of lines) if (line !== '') text += convert(line) + '\n';
  if (text !== '' && !process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}
