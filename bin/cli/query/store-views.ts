import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PARTITION_KEYS, TABLE_NAMES, TABLES, type TableName } from '../../../functions/sinks/table-schema.js';
import { FINDINGS_LATEST_VIEW, latestFindingsSql } from '../../../functions/sinks/views.js';
import { COMPACTED_FROM } from '../../../functions/store/compacted-from.js';
import { isCompactedTable, visibleRowsSql } from '../../../functions/store/visible-objects.js';
import { StoreError } from './errors.js';

/** The Parquet files of one table: `<store>/<table>/dt=…/hour=…/*.parquet`, sorted. */
export function tableFiles(store: string, table: TableName): string[] {
  const files: string[] = [];
  for (const dt of subdirs(join(store, table), 'dt=')) {
    for (const hour of subdirs(dt, 'hour=')) {
      for (const name of readdirSync(hour)) if (name.endsWith('.parquet')) files.push(join(hour, name));
    }
  }
  return files.sort();
}

function subdirs(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(prefix)).map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
}

/**
 * Every table of the store as files, after checking the store is one: a missing directory, or
 * one with no table data at all, is a StoreError that says what to do.
 */
export function storeFiles(store: string): Map<TableName, string[]> {
  let isDir = false;
  try {
    isDir = statSync(store).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isDir) throw new StoreError(`no store at ${store} (write one with \`logsift run FILE...\`, or pass --store DIR)`);
  const files = new Map(TABLE_NAMES.map((t) => [t, tableFiles(store, t)] as const));
  if ([...files.values()].every((f) => f.length === 0)) {
    throw new StoreError(`the store at ${store} holds no tables yet (write it with \`logsift run FILE...\`)`);
  }
  return files;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * `CREATE VIEW` statements for the four tables, with the generated columns in schema order plus
 * the partition keys (strings, as in Athena). The files are listed, not globbed, so a store path
 * with glob characters reads right; a table with no files yet is an empty view of the same
 * columns, so queries on it answer instead of failing.
 */
export function viewStatements(files: Map<TableName, string[]>): string[] {
  const tables = TABLE_NAMES.map((table) => {
    const list = files.get(table) ?? [];
    const source = list.length === 0 ? emptyTable(table) : parquetSource(table, list);
    return `CREATE VIEW ${ident(table)} AS ${source}`;
  });
  // `findings` keeps every version of a finding, as the Athena table does; this view keeps the
  // latest of each, with the same SQL the stack installs in Athena.
  return [...tables, `CREATE VIEW ${ident(FINDINGS_LATEST_VIEW)} AS ${latestFindingsSql('findings')}`];
}

function columnNames(table: TableName): string[] {
  return [...TABLES[table].columns.map((c) => c.name), ...PARTITION_KEYS];
}

function parquetSource(table: TableName, files: string[]): string {
  if (isCompactedTable(table)) return visibleRowsSql(table, objectsSource(files));
  return `SELECT ${columnNames(table).map(ident).join(', ')} FROM ${readParquet(files)}`;
}

function readParquet(files: string[], extra = ''): string {
  const paths = files.map((f) => literal(resolve(f))).join(', ');
  const hiveTypes = PARTITION_KEYS.map((k) => `${literal(k)}: 'VARCHAR'`).join(', ');
  // union_by_name: files written before a column was added read it as NULL.
  return `read_parquet([${paths}]${extra}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
}

/**
 * A compacted table's objects with each row's `"$path"` and `compacted_from`, as the Athena
 * view's `<table>_objects` gives them: the empty branch supplies the column (null) while no
 * object has it yet (nothing compacted).
 */
export function objectsSource(files: string[]): string {
  return `(SELECT * FROM ${readParquet(files, `, filename = '$path'`)} UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS ${ident(COMPACTED_FROM)} WHERE false)`;
}

function emptyTable(table: TableName): string {
  const cols = [
    ...TABLES[table].columns.map((c) => `CAST(NULL AS ${c.duckdbType}) AS ${ident(c.name)}`),
    ...PARTITION_KEYS.map((k) => `CAST(NULL AS VARCHAR) AS ${ident(k)}`),
  ];
  return `SELECT ${cols.join(', ')} WHERE false`;
}
