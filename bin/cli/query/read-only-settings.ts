import type { DuckDBConnection } from '@duckdb/node-api';

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * DuckDB settings that confine a connection to the store: run once, after the views are created
 * and before any user SQL. Order matters: the allow-list is set while it still may be, external
 * access goes off after it, and the lock comes last so no statement can SET any of them back.
 *
 * - allowed_paths: exactly the store's Parquet files (not their directories: a directory would
 *   also let COPY create new files in it). Everything else — /etc/passwd, other files, globs,
 *   https:// and s3:// URLs, ATTACH of a database file, EXPORT DATABASE — is refused by DuckDB.
 * - enable_external_access = false: no file or network access beyond that list, no extension
 *   loading.
 * - autoinstall/autoload_known_extensions = false: a URL or a function from an extension fails at
 *   once instead of fetching httpfs (or any extension) from the network.
 * - allow_community_extensions = false: belt and braces for the same.
 * - temp_directory = '': an in-memory database would spill large sorts into `./.tmp`; nothing is
 *   written instead (a query larger than memory fails with DuckDB's out-of-memory error).
 * - lock_configuration = true: no SET/RESET afterwards, including of these settings.
 *
 * DuckDB lets an allowed path be written as well as read (COPY … TO a store file with
 * USE_TMP_FILE false), so the statement check in store-query.ts (SELECT, or EXPLAIN of a SELECT)
 * stays in force for that one case.
 */
export function readOnlySettings(allowedFiles: readonly string[]): string[] {
  return [
    `SET allowed_paths = [${allowedFiles.map(literal).join(', ')}]`,
    `SET allowed_directories = []`,
    `SET autoinstall_known_extensions = false`,
    `SET autoload_known_extensions = false`,
    `SET allow_community_extensions = false`,
    `SET temp_directory = ''`,
    `SET enable_external_access = false`,
    `SET lock_configuration = true`,
  ];
}

export async function lockDown(connection: DuckDBConnection, allowedFiles: readonly string[]): Promise<void> {
  for (const statement of readOnlySettings(allowedFiles)) await connection.run(statement);
}
