import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { TABLE_NAMES } from '../../../functions/sinks/table-schema.js';
import type { Cell, ResultWriter } from '../result-writers.js';
import { toCell } from './duckdb-values.js';
import { StoreError, storeFiles, viewStatements } from './store-views.js';

/** A query the user got wrong (bad SQL, unknown table, a statement that would write): one line, exit 1. */
export class QueryError extends Error {}

/** Statements that only read. Anything else (COPY, CREATE, ATTACH, INSTALL, …) could write. */
const READ_ONLY = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * The store's four tables as views in an in-memory DuckDB. The store's files are only read;
 * nothing is written anywhere (no database file, and only read-only statements run).
 */
export class StoreQuery {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(store: string): Promise<StoreQuery> {
    const files = storeFiles(store);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Times print and truncate in UTC, as records write them, whatever the machine's zone.
    await connection.run(`SET TimeZone = 'UTC'`);
    try {
      for (const statement of viewStatements(files)) await connection.run(statement);
    } catch (err) {
      // A view reads its files' schemas when it is created: a damaged file shows here.
      connection.closeSync();
      instance.closeSync();
      throw new StoreError(`cannot read the store at ${store}: ${duckdbMessage((err as Error).message)}`);
    }
    return new StoreQuery(instance, connection);
  }

  /**
   * Runs one read-only statement and streams its rows to the writer `makeWriter` returns for the
   * result's columns. `params` bind `$name` placeholders.
   */
  async run(sql: string, makeWriter: (columns: string[]) => ResultWriter, params?: Record<string, DuckDBValue>): Promise<void> {
    try {
      const statements = await this.connection.extractStatements(sql);
      if (statements.count !== 1) throw new QueryError(`give one SQL statement (got ${statements.count})`);
      const prepared = await statements.prepare(0);
      if (!READ_ONLY.has(prepared.statementType)) {
        throw new QueryError(`logsift query only reads: ${StatementType[prepared.statementType]} statements are not run`);
      }
      if (params !== undefined) prepared.bind(params);
      const result = await prepared.stream();
      const writer = makeWriter(result.columnNames());
      for await (const rows of result.yieldConvertedRows(toCell)) await writer.rows(rows as Cell[][]);
      await writer.end();
    } catch (err) {
      if (err instanceof QueryError) throw err;
      throw new QueryError(duckdbMessage((err as Error).message));
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * DuckDB's message in one line: its first line, without the binding's prefix. An unknown table
 * names the tables there are, instead of DuckDB's guess among its catalog tables.
 */
export function duckdbMessage(message: string): string {
  let line = message.split('\n')[0].trim();
  const prefix = 'Failed to extract statements: ';
  if (line.startsWith(prefix)) line = line.slice(prefix.length);
  const missing = 'Catalog Error: Table with name ';
  if (line.startsWith(missing)) {
    const end = line.indexOf(' does not exist');
    if (end > 0) return `unknown table ${line.slice(missing.length, end)}: the tables are ${TABLE_NAMES.join(', ')}`;
  }
  return line;
}
