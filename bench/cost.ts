/**
 * Monthly AWS cost of running logsift at a given volume, from published us-east-1 list prices
 * and the figures `npm run bench` measures (handler CPU per GB, Parquet size per GB). Every
 * assumption is a named input, so docs/cost.md can show them next to the result.
 */

/** us-east-1 list prices (USD) as published in 2026; check the AWS pricing pages before relying on them. */
export const PRICES = {
  kinesisShardHour: 0.015,
  kinesisPutUnitPerMillion: 0.014, // one PUT payload unit = 25 KB of a record
  kinesisOnDemandStreamHour: 0.04,
  kinesisOnDemandIngestGb: 0.08,
  kinesisOnDemandRetrieveGb: 0.04,
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequestPerMillion: 0.2,
  s3StandardGbMonth: 0.023,
  s3StandardIaGbMonth: 0.0125,
  s3PutPerThousand: 0.005,
  athenaTbScanned: 5,
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  firehoseIngestGb: 0.029, // Direct PUT or Kinesis source, first 500 TB/month; records rounded up to 5 KB
  firehoseFormatConversionGb: 0.018,
} as const;

export interface Assumptions {
  /** Raw bytes shipped per day, in GB. */
  gbPerDay: number;
  /** Measured: handler CPU seconds per GB of input (decode → Parquet objects). */
  cpuSecondsPerGb: number;
  /** Measured: Parquet bytes written per raw byte. */
  parquetRatio: number;
  /** Lambda memory (MB); CPU share is memory / 1769 up to one vCPU. */
  lambdaMemoryMb: number;
  /** Peak-to-average ratio of the ingest rate, for provisioned shards (1 MB/s each). */
  peakToAverage: number;
  /** Seconds of batching window per shard: one invocation per shard per window at low rates. */
  batchingWindowSeconds: number;
  /** Objects per invocation (tables × partitions touched: usually logs, sometimes findings/quarantine). */
  objectsPerInvocation: number;
  /** DynamoDB conditional writes (and as many reads) per invocation: dirty detector state keys. */
  stateWritesPerInvocation: number;
  /** Athena: bytes scanned per month as a multiple of the Parquet written per day. */
  athenaScanDaysPerMonth: number;
  /** Days a table object stays in S3 Standard before Standard-IA, and days it is kept. */
  transitionDays: number;
  expiryDays: number;
}

export const DEFAULT_ASSUMPTIONS: Omit<Assumptions, 'gbPerDay' | 'cpuSecondsPerGb' | 'parquetRatio'> = {
  lambdaMemoryMb: 1024,
  peakToAverage: 3,
  batchingWindowSeconds: 5,
  objectsPerInvocation: 1.5,
  stateWritesPerInvocation: 3,
  athenaScanDaysPerMonth: 300,
  transitionDays: 30,
  expiryDays: 400,
};

/** What the pipeline behind the stream costs when the function reads `shards` shards. */
export interface Downstream {
  lambda: number;
  s3FirstMonth: number;
  s3SteadyState: number;
  athena: number;
  dynamodb: number;
}

export interface Estimate {
  kinesisProvisioned: number;
  kinesisOnDemand: number;
  /** Provisioned shards for the peak. */
  shards: number;
  /** Shards of an on-demand stream: it starts at 4 (4 MB/s) and grows with the peak. */
  onDemandShards: number;
  /** The Lambda, S3, Athena and DynamoDB behind a provisioned and an on-demand stream (invocations are per shard). */
  provisioned: Downstream;
  onDemand: Downstream;
  /** logsift's total with the stack's default, an on-demand stream, at steady-state storage. */
  totalOnDemand: number;
  /** logsift's total with a provisioned stream (`shardCount`), at steady-state storage. */
  totalProvisioned: number;
  /** Firehose's own charges for the same volume: ingestion plus conversion to Parquet. */
  firehoseParquet: number;
  /**
   * The default stack's total with Firehose writing the Parquet: Firehose's charges added, the
   * Lambda counted whole (it still decodes, corrects and detects; its Parquet writing is a part of
   * its small cost), S3 and Athena unchanged.
   */
  totalOnDemandWithFirehose: number;
}

const HOURS = 730;
const DAYS = 30;
/** An on-demand stream's initial write capacity, in shards of 1 MB/s. */
const ON_DEMAND_MIN_SHARDS = 4;

function downstream(a: Assumptions, shards: number): Downstream {
  const gbMonth = a.gbPerDay * DAYS;
  // At or below 1769 MB a function gets memory/1769 of a vCPU, so billed seconds = CPU seconds / share.
  const cpuShare = Math.min(1, a.lambdaMemoryMb / 1769);
  const gbSeconds = ((gbMonth * a.cpuSecondsPerGb) / cpuShare) * (a.lambdaMemoryMb / 1024);
  const invocations = Math.max(shards * ((DAYS * 86_400) / a.batchingWindowSeconds), 0);
  const lambda = gbSeconds * PRICES.lambdaArmGbSecond + (invocations / 1e6) * PRICES.lambdaRequestPerMillion;

  const parquetGbPerDay = a.gbPerDay * a.parquetRatio;
  const puts = invocations * a.objectsPerInvocation;
  const putCost = (puts / 1000) * PRICES.s3PutPerThousand;
  const s3FirstMonth = (parquetGbPerDay * DAYS) / 2 * PRICES.s3StandardGbMonth + putCost;
  const standardDays = Math.min(a.transitionDays || a.expiryDays, a.expiryDays);
  const iaDays = Math.max(0, a.expiryDays - standardDays);
  const s3SteadyState = parquetGbPerDay * (standardDays * PRICES.s3StandardGbMonth + iaDays * PRICES.s3StandardIaGbMonth) + putCost;

  const athena = ((parquetGbPerDay * a.athenaScanDaysPerMonth) / 1024) * PRICES.athenaTbScanned;
  const dynamodb = ((invocations * a.stateWritesPerInvocation) / 1e6) * (PRICES.dynamoWriteUnitPerMillion + PRICES.dynamoReadUnitPerMillion);
  return { lambda, s3FirstMonth, s3SteadyState, athena, dynamodb };
}

const steadyTotal = (kinesis: number, d: Downstream): number => kinesis + d.lambda + d.s3SteadyState + d.athena + d.dynamodb;

export function monthlyEstimate(a: Assumptions): Estimate {
  const gbMonth = a.gbPerDay * DAYS;
  const avgMbPerSecond = (a.gbPerDay * 1024) / 86_400;
  const shards = Math.max(1, Math.ceil(avgMbPerSecond * a.peakToAverage));
  const onDemandShards = Math.max(ON_DEMAND_MIN_SHARDS, shards);
  // The shipper packs entries into records of up to 1 MiB; count PUT units at 25 KB of payload each.
  const putUnits = (gbMonth * 1024 * 1024) / 25;
  const kinesisProvisioned = shards * HOURS * PRICES.kinesisShardHour + (putUnits / 1e6) * PRICES.kinesisPutUnitPerMillion;
  const kinesisOnDemand = HOURS * PRICES.kinesisOnDemandStreamHour + gbMonth * (PRICES.kinesisOnDemandIngestGb + PRICES.kinesisOnDemandRetrieveGb);
  const provisioned = downstream(a, shards);
  const onDemand = downstream(a, onDemandShards);
  const totalOnDemand = steadyTotal(kinesisOnDemand, onDemand);
  const firehoseParquet = gbMonth * (PRICES.firehoseIngestGb + PRICES.firehoseFormatConversionGb);
  return {
    kinesisProvisioned,
    kinesisOnDemand,
    shards,
    onDemandShards,
    provisioned,
    onDemand,
    totalOnDemand,
    totalProvisioned: steadyTotal(kinesisProvisioned, provisioned),
    firehoseParquet,
    totalOnDemandWithFirehose: totalOnDemand + firehoseParquet,
  };
}

const usd = (n: number): string => (n >= 100 ? `$${Math.round(n).toLocaleString('en-US')}` : `$${n.toFixed(2)}`);

/** The Markdown table docs/cost.md shows, for the volumes the issue asks about. */
export function costTable(cpuSecondsPerGb: number, parquetRatio: number, volumes = [10, 1024]): string {
  const head = '| per month | ' + volumes.map((v) => (v >= 1024 ? `${v / 1024} TB/day` : `${v} GB/day`)).join(' | ') + ' |';
  const sep = '|---|' + volumes.map(() => '---:').join('|') + '|';
  const est = volumes.map((gbPerDay) => monthlyEstimate({ ...DEFAULT_ASSUMPTIONS, gbPerDay, cpuSecondsPerGb, parquetRatio }));
  const row = (label: string, f: (e: Estimate) => string): string => `| ${label} | ${est.map(f).join(' | ')} |`;
  return [
    head,
    sep,
    row('Kinesis, on-demand: the stack\'s default (shards)', (e) => `${usd(e.kinesisOnDemand)} (${e.onDemandShards})`),
    row('Lambda (arm64)', (e) => usd(e.onDemand.lambda)),
    row('S3 (first month / steady state)', (e) => `${usd(e.onDemand.s3FirstMonth)} / ${usd(e.onDemand.s3SteadyState)}`),
    row('Athena', (e) => usd(e.onDemand.athena)),
    row('DynamoDB', (e) => usd(e.onDemand.dynamodb)),
    row('**logsift total**, default stack: on-demand stream, steady state', (e) => `**${usd(e.totalOnDemand)}**`),
    row('logsift total with a provisioned stream (`shardCount`: shards)', (e) => `${usd(e.totalProvisioned)} (${e.shards})`),
    row('Firehose\'s own charges (ingestion + Parquet conversion)', (e) => usd(e.firehoseParquet)),
    row('total with Firehose writing the Parquet (default stack + Firehose)', (e) => usd(e.totalOnDemandWithFirehose)),
  ].join('\n');
}
