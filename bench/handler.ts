/**
 * The ingest handler's numbers for `npm run bench` (issue 7 §6): CPU per 10,000-record batch
 * with sinks in memory (against decode+parse alone on the same batch), peak RSS, the minified
 * bundle's size, cold init (against a bundle of only the SDK clients the handler creates), and
 * the Lambda compute cost per GB ingested that follows. Each measurement runs in a fresh child.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../lib/repo-root.js';
import { build } from 'esbuild';

const ROOT = repoRoot();
const CHILD = fileURLToPath(new URL('./handler-child.js', import.meta.url));
/** ESM bundles with CommonJS inside need a `require` (CDK's NodejsFunction adds the same banner). */
const BANNER = "import { createRequire as __logsiftRequire } from 'node:module'; const require = __logsiftRequire(import.meta.url);";
const COLD_RUNS = 5;

/** Lambda arm64 price (us-east-1, first tier) and the memory that gives one full vCPU. */
export const COST = { usdPerGbSecond: 0.0000133334, usdPerRequest: 0.2 / 1e6, memoryGb: 1769 / 1024, assumedIoMsPerBatch: 300 };

async function bundle(outdir: string, name: string, entry: { file: string } | { contents: string }): Promise<string> {
  const outfile = join(outdir, `${name}.mjs`);
  await build({
    ...('file' in entry ? { entryPoints: [join(ROOT, entry.file)] } : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true, minify: true, platform: 'node', target: 'node20', format: 'esm', outfile, banner: { js: BANNER }, logLevel: 'error',
  });
  return outfile;
}

function child(args: string[]): Record<string, number> {
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    LOGSIFT_TABLES_BUCKET: 'bench', LOGSIFT_STATE_TABLE: 'bench', LOGSIFT_ALERT_TABLE: 'bench', LOGSIFT_ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench',
  };
  const out = execFileSync(process.execPath, ['--expose-gc', '--no-warnings', CHILD, ...args], { env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

function coldCpuMs(bundleFile: string): number {
  let best = Infinity;
  for (let i = 0; i < COLD_RUNS; i++) best = Math.min(best, child(['cold', bundleFile]).cpuMs);
  return best;
}

function stages(b: Record<string, number>): string {
  return Object.entries(b).filter(([k]) => k.startsWith('wall_')).map(([k, v]) => `${k.slice(5)} ${Math.round(v)}`).join(', ');
}

export interface HandlerBenchResult {
  ok: boolean;
  /** Handler CPU seconds per GB of Kinesis payload (decode through Parquet objects). */
  cpuSecondsPerGb: number;
  /** Parquet bytes written per payload byte. */
  parquetRatio: number;
}

export async function handlerBench(): Promise<HandlerBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bundle-'));
  const handlerBundle = await bundle(dir, 'handler', { file: 'functions/ingest/handler.ts' });
  const sdkBundle = await bundle(dir, 'sdk-only', {
    contents: [
      "import { S3Client } from '@aws-sdk/client-s3';",
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "import { SNSClient } from '@aws-sdk/client-sns';",
      'export const clients = [new S3Client({}), DynamoDBDocumentClient.from(new DynamoDBClient({})), new SNSClient({})];',
    ].join('\n'),
  });
  const sizeMB = statSync(handlerBundle).size / 1024 / 1024;
  const b = child(['batch']);
  const cold = coldCpuMs(handlerBundle);
  const coldSdk = coldCpuMs(sdkBundle);

  const gbPerBatch = b.bytes / 1024 ** 3;
  const costPerGb = (ms: number) => ((ms / 1000) * COST.memoryGb * COST.usdPerGbSecond + COST.usdPerRequest) / gbPerBatch;
  const rows = [
    ['handler, 10,000-record mixed batch, sinks in memory (CPU ms)', b.cpuMs.toFixed(0), `decode+parse only: ${b.baselineCpuMs.toFixed(0)} ms (${(b.cpuMs / b.baselineCpuMs).toFixed(2)}×)`, '≤250 ms', b.cpuMs <= 250],
    ['handler batch, peak RSS (fresh process)', `${b.peakRssMB.toFixed(0)} MB`, `${b.events} events, ${(b.bytes / 1024 / 1024).toFixed(2)} MB in, ${b.objects} objects; wall ms by stage: ${stages(b)}`, 'reported', true],
    ['handler bundle, esbuild minified', `${sizeMB.toFixed(2)} MB`, '', '≤2 MB', sizeMB <= 2],
    ['cold init: import + config + schema compile (CPU ms, best of 5)', cold.toFixed(0), `SDK clients alone: ${coldSdk.toFixed(0)} ms (${(cold / coldSdk).toFixed(2)}×)`, '≤300 ms', cold <= 300],
    ['Lambda compute per GB ingested (arm64)', `$${costPerGb(b.cpuMs).toFixed(4)}`, `$${costPerGb(b.cpuMs + COST.assumedIoMsPerBatch).toFixed(4)} with ${COST.assumedIoMsPerBatch} ms of S3/DynamoDB waits per batch`, 'reported', true],
  ] as const;
  console.log('\n| ingest handler | measured | compared with | target | met |');
  console.log('|---|---:|---|---|---|');
  for (const [what, v, cmp, target, ok] of rows) console.log(`| ${what} | ${v} | ${cmp} | ${target} | ${ok ? 'yes' : 'NO'} |`);
  console.log(
    `\nCost assumptions: ${COST.memoryGb.toFixed(3)} GB (1769 MB, one vCPU), $${COST.usdPerGbSecond}/GB-s arm64, $0.20 per million requests, ` +
      `duration = CPU time of the batch (the first figure) or that plus the assumed I/O waits; one ${(b.bytes / 1024 / 1024).toFixed(2)} MB batch per invocation.`,
  );
  return { ok: rows.every((r) => r[4]), cpuSecondsPerGb: b.cpuMs / 1000 / gbPerBatch, parquetRatio: b.parquetBytes / b.bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!(await handlerBench()).ok) process.exitCode = 1;
}
