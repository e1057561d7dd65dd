import type { Writable } from 'node:stream';
import { timestampTZValue, type DuckDBValue } from '@duckdb/node-api';
import { findingSchema } from '../../../functions/shared/schemas.js';
import { checkFindingType } from '../finding-type.js';
import { renderFindings, type FindingLine } from '../findings-table.js';
import type { CliOptions } from '../options.js';
import { resultWriter, type Cell, type OutputFormat, type ResultWriter } from '../result-writers.js';
import { StoreQuery } from './store-query.js';
import { FINDINGS_LATEST_VIEW } from '../../../functions/sinks/views.js';

type Terminal = Writable & { columns?: number; isTTY?: boolean };

function outputFormat(opts: CliOptions): OutputFormat {
  return opts.json ? 'json' : opts.csv ? 'csv' : 'table';
}

/** A table is as wide as the terminal; into a pipe or file nothing is cut. */
function terminalWidth(out: Terminal): number {
  return out.isTTY === true && out.columns !== undefined ? out.columns : Infinity;
}

async function withStore<T>(store: string, use: (q: StoreQuery) => Promise<T>): Promise<T> {
  const q = await StoreQuery.open(store);
  try {
    return await use(q);
  } finally {
    q.close();
  }
}

/** `logsift query "SQL"`: the rows as a table, NDJSON or CSV. */
export async function runQuery(opts: CliOptions, stdout: Terminal): Promise<void> {
  const width = terminalWidth(stdout);
  await withStore(opts.store, (q) => q.run(opts.sql ?? '', (columns) => resultWriter(outputFormat(opts), stdout, columns, width)));
}

const FINDING_COLUMNS = Object.keys((findingSchema as { properties: Record<string, unknown> }).properties);

/**
 * `logsift findings [--type T] [--since DURATION]`: the findings view, oldest first; a table of
 * severity, type, time, host/cluster and summary, or (--json, --csv) every field of the finding
 * as `logsift detect` writes it. --since keeps findings with evidence in the last DURATION
 * before `now` (their time_end).
 */
export async function runFindings(opts: CliOptions, stdout: Terminal, now: () => Date = () => new Date()): Promise<void> {
  checkFindingType(opts.type);
  const where: string[] = [];
  const params: Record<string, DuckDBValue> = {};
  if (opts.type !== undefined) {
    where.push('type = $type');
    params.type = opts.type;
  }
  if (opts.sinceSeconds !== undefined) {
    where.push('time_end >= $since');
    params.since = timestampTZValue(BigInt(now().getTime() - opts.sinceSeconds * 1000) * 1000n);
  }
  const sql =
    `SELECT ${FINDING_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM ${FINDINGS_LATEST_VIEW}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY time, type, finding_id';
  const format = outputFormat(opts);
  await withStore(opts.store, (q) =>
    q.run(sql, (columns) => (format === 'table' ? new FindingsTable(stdout, columns) : new DetailsAsObject(resultWriter(format, stdout, columns), columns)), params),
  );
}

/** The table of findings, or a line saying there are none. */
class FindingsTable implements ResultWriter {
  private readonly lines: FindingLine[] = [];

  constructor(
    private readonly out: Terminal,
    private readonly columns: string[],
  ) {}

  async rows(batch: readonly Cell[][]): Promise<void> {
    for (const row of batch) {
      const f = Object.fromEntries(this.columns.map((c, i) => [c, row[i]]));
      this.lines.push(f as unknown as FindingLine);
    }
  }

  async end(): Promise<void> {
    const text = this.lines.length === 0 ? 'no findings\n' : renderFindings(this.lines, terminalWidth(this.out));
    await new Promise<void>((resolve, reject) => this.out.write(text, (err) => (err ? reject(err) : resolve())));
  }
}

/** The table keeps `details` as JSON text; as JSON output it is the object `logsift detect` wrote. */
class DetailsAsObject implements ResultWriter {
  private readonly at: number;

  constructor(
    private readonly inner: ResultWriter,
    columns: string[],
  ) {
    this.at = columns.indexOf('details');
  }

  rows(batch: readonly Cell[][]): Promise<void> {
    const rows = batch.map((row) => row.map((c, i) => (i === this.at && typeof c === 'string' ? (JSON.parse(c) as Cell) : c)));
    return this.inner.rows(rows);
  }

  end(): Promise<void> {
    return this.inner.end();
  }
}
