import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { rx } from '../../../functions/shared/safe-regex.js';
import { PARTITION_KEYS, TABLE_NAMES, TABLES } from '../../../functions/sinks/table-schema.js';
import { FINDINGS_LATEST_VIEW } from '../../../functions/sinks/views.js';
import type { Cell, ResultWriter } from '../result-writers.js';
import { toCell } from './duckdb-values.js';
import { QueryError, StoreError } from './errors.js';
import { lockDown } from './read-only-settings.js';
import { storeFiles, viewStatements } from './store-views.js';

/** The words before the explained statement; what follows must prepare as one SELECT. */
const EXPLAIN_PREFIX = rx(/^\s*explain\s+(?:analyze\s+)?/i);

/**
 * The store's four tables (and findings_latest) as views in an in-memory DuckDB, confined by
 * DuckDB's own settings (read-only-settings.ts) to reading the store's files: no other file, no
 * network, no extension, no database file, no temp files. Only SELECT (and EXPLAIN of a SELECT)
 * runs, because DuckDB would let a COPY overwrite an allowed store file.
 */
export class StoreQuery {
  private constructor(
    private instance: DuckDBInstance,
    private connection: DuckDBConnection,
    private files: string[],
    private readonly store: string,
  ) {}

  static async open(store: string): Promise<StoreQuery> {
    const { instance, connection, files } = await StoreQuery.connect(store);
    return new StoreQuery(instance, connection, files, store);
  }

  /** The views over the files listed now, in a locked-down connection. */
  private static async connect(store: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection; files: string[] }> {
    const files = storeFiles(store);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Times print and truncate in UTC, as records write them, whatever the machine's zone.
    await connection.run(`SET TimeZone = 'UTC'`);
    try {
      for (const statement of viewStatements(files)) await connection.run(statement);
      await lockDown(connection, [...files.values()].flat().map((f) => resolve(f)));
    } catch (err) {
      // A view reads its files' schemas when it is created: a damaged file shows here.
      connection.closeSync();
      instance.closeSync();
      throw new StoreError(`cannot read the store at ${store}: ${duckdbMessage((err as Error).message)}`);
    }
    return { instance, connection, files: [...files.values()].flat() };
  }

  /**
   * Runs one read-only statement and streams its rows to the writer `makeWriter` returns for the
   * result's columns. `params` bind `$name` placeholders.
   */
  async run(sql: string, makeWriter: (columns: string[]) => ResultWriter, params?: Record<string, DuckDBValue>): Promise<void> {
    let wrote = false;
    const writerOnce = (columns: string[]): ResultWriter => {
      wrote = true;
      return makeWriter(columns);
    };
    try {
      await this.runOnce(sql, writerOnce, params);
    } catch (err) {
      // A compaction deleted a listed object (its merge, which holds its rows, landed before):
      // list the store again and run once more, if nothing was written yet. (DuckDB's error for
      // it varies: no file found, or a glob outside the allowed files.)
      if (wrote || this.files.every((f) => existsSync(f))) throw err;
      this.close();
      ({ instance: this.instance, connection: this.connection, files: this.files } = await StoreQuery.connect(this.store));
      await this.runOnce(sql, makeWriter, params);
    }
  }

  private async runOnce(sql: string, makeWriter: (columns: string[]) => ResultWriter, params?: Record<string, DuckDBValue>): Promise<void> {
    try {
      const statements = await this.connection.extractStatements(sql);
      if (statements.count !== 1) throw new QueryError(`give one SQL statement (got ${statements.count})`);
      const prepared = await statements.prepare(0);
      await this.assertReads(sql, prepared);
      if (params !== undefined) prepared.bind(params);
      const result = await prepared.stream();
      const writer = makeWriter(result.columnNames());
      for await (const rows of result.yieldConvertedRows(toCell)) await writer.rows(rows as Cell[][]);
      await writer.end();
    } catch (err) {
      if (err instanceof QueryError) throw err;
      throw new QueryError(duckdbMessage((err as Error).message, sql));
    }
  }

  /**
   * SELECT runs; EXPLAIN [ANALYZE] runs when what it explains is one SELECT (EXPLAIN ANALYZE
   * executes it). Anything else (COPY, CREATE, ATTACH, INSTALL, …) is refused before it runs.
   */
  private async assertReads(sql: string, prepared: DuckDBPreparedStatement): Promise<void> {
    const type = prepared.statementType;
    if (type === StatementType.SELECT) return;
    if (type === StatementType.EXPLAIN) {
      const prefix = EXPLAIN_PREFIX.exec(sql);
      const inner = prefix === null ? undefined : await this.innerType(sql.slice(prefix[0].length));
      if (inner === StatementType.SELECT) return;
      throw new QueryError(`logsift query only reads: EXPLAIN runs only of a SELECT${inner === undefined ? '' : ` (not ${StatementType[inner]})`}`);
    }
    throw new QueryError(`logsift query only reads: ${StatementType[type]} statements are not run`);
  }

  /** The type of the one statement in `sql`, or undefined when it is not exactly one that prepares. */
  private async innerType(sql: string): Promise<StatementType | undefined> {
    try {
      const statements = await this.connection.extractStatements(sql);
      if (statements.count !== 1) return undefined;
      return (await statements.prepare(0)).statementType;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The columns of each table and view a query can name, for "unknown column" messages. */
const QUERYABLE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ...TABLE_NAMES.map((t) => [t, [...TABLES[t].columns.map((c) => c.name), ...PARTITION_KEYS]] as const),
  [FINDINGS_LATEST_VIEW, [...TABLES.findings.columns.map((c) => c.name), ...PARTITION_KEYS]] as const,
];

const UNKNOWN_TABLE = rx(/^Catalog Error: Table with name (.+?) does not exist/);
const UNKNOWN_COLUMN = rx(/^Binder Error: (?:Referenced column "([^"]*)" not found in FROM clause|(?:Table|Values list) "[^"]*" does not have a column named "([^"]*)")/);
const DENIED = rx(/^Permission Error: Cannot access (?:file|directory) "([^"]*)" - file system operations are disabled by configuration/);
const EXTENSION_DENIED = rx(/^Permission Error: .*extension/i);
const WORDS = rx(/[A-Za-z_][A-Za-z0-9_]*/g);

/**
 * DuckDB's message in one line: its first line, without the binding's prefix. An unknown table
 * names the tables there are, instead of DuckDB's guess among its catalog tables; an unknown
 * column lists the columns of the tables `sql` names; a refused file says only the store is read.
 */
export function duckdbMessage(message: string, sql = ''): string {
  let line = message.split('\n')[0].trim();
  const prefix = 'Failed to extract statements: ';
  if (line.startsWith(prefix)) line = line.slice(prefix.length);
  const table = UNKNOWN_TABLE.exec(line);
  if (table !== null) return `unknown table ${table[1]}: the tables are ${TABLE_NAMES.join(', ')} and the view ${FINDINGS_LATEST_VIEW}`;
  const column = UNKNOWN_COLUMN.exec(line);
  if (column !== null) {
    const words = new Set((sql.match(WORDS) ?? []).map((w) => w.toLowerCase()));
    const named = QUERYABLE.filter(([name]) => words.has(name));
    const listed = named.map(([name, cols]) => `${name} has ${cols.join(', ')}`).join('; ');
    return `unknown column ${column[1] ?? column[2]}` + (listed === '' ? '' : `: ${listed}`);
  }
  const denied = DENIED.exec(line);
  if (denied !== null) return `${denied[1]} is outside the store: logsift query opens no other file, URL or database, and writes nothing`;
  if (EXTENSION_DENIED.test(line)) return `logsift query loads no DuckDB extension: ${line}`;
  return line;
}
