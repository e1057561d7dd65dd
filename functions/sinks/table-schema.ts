import type { SchemaElement } from 'hyparquet-writer';
import { findingSchema, quarantineSchema, recordSchema } from '../shared/schemas.js';

/**
 * The one place table columns come from: each table's columns are read from its JSON Schema in
 * `schemas/`, and each column gets its Parquet schema, its DuckDB type and its Athena/Glue type
 * from its kind. The writer, the DuckDB views and the Glue table definitions all use this.
 */
export type ColumnKind =
  | 'string'
  | 'int32'
  | 'int64'
  | 'timestamp'
  | 'json'
  | 'binary'
  | 'string_list'
  | 'string_map'
  | 'string_map_map';

export interface Column {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  description: string;
  /** DuckDB's type for the column as read from our Parquet files. */
  duckdbType: string;
  /** The Glue/Athena column type. */
  athenaType: string;
}

export type TableName = 'logs' | 'logs_auth' | 'quarantine' | 'findings';
export const TABLE_NAMES: readonly TableName[] = ['logs', 'logs_auth', 'quarantine', 'findings'];

export interface TableSchema {
  name: TableName;
  columns: Column[];
}

/** Hive-style partition keys, in path order; strings in every engine (`dt='2026-11-26'`, `hour='02'`). */
export const PARTITION_KEYS = ['dt', 'hour'] as const;

interface JsonProperty {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonProperty;
  additionalProperties?: boolean | JsonProperty;
  contentEncoding?: string;
  description?: string;
  'x-athena-type'?: string;
}

interface JsonObjectSchema {
  properties: Record<string, JsonProperty>;
  required?: string[];
  'x-table-columns'?: Record<string, JsonProperty>;
}

const TYPES: Record<ColumnKind, { duckdb: string; athena: string }> = {
  string: { duckdb: 'VARCHAR', athena: 'string' },
  int32: { duckdb: 'INTEGER', athena: 'int' },
  int64: { duckdb: 'BIGINT', athena: 'bigint' },
  timestamp: { duckdb: 'TIMESTAMP WITH TIME ZONE', athena: 'timestamp' },
  json: { duckdb: 'VARCHAR', athena: 'string' },
  binary: { duckdb: 'BLOB', athena: 'binary' },
  string_list: { duckdb: 'VARCHAR[]', athena: 'array<string>' },
  string_map: { duckdb: 'MAP(VARCHAR, VARCHAR)', athena: 'map<string,string>' },
  string_map_map: { duckdb: 'MAP(VARCHAR, MAP(VARCHAR, VARCHAR))', athena: 'map<string,map<string,string>>' },
};

/** What a JSON Schema property becomes; throws on a shape no column kind fits, so a schema change cannot slip past. */
export function kindOf(name: string, p: JsonProperty): ColumnKind {
  const types = p.type === undefined ? [] : Array.isArray(p.type) ? p.type : [p.type];
  const hint = p['x-athena-type'];
  if (hint === 'timestamp') return 'timestamp';
  if (types.includes('integer')) return hint === 'bigint' ? 'int64' : 'int32';
  if (types.includes('array')) {
    if (p.items?.type === 'string') return 'string_list';
    throw new Error(`${name}: only arrays of strings become columns`);
  }
  if (types.includes('object')) {
    if (hint === 'string') return 'json';
    const values = typeof p.additionalProperties === 'object' ? p.additionalProperties : undefined;
    if (values?.type === 'string') return 'string_map';
    const inner = typeof values?.additionalProperties === 'object' ? values.additionalProperties : undefined;
    if (values?.type === 'object' && inner?.type === 'string') return 'string_map_map';
    throw new Error(`${name}: an object column needs string values, string maps, or x-athena-type string (JSON text)`);
  }
  if (p.contentEncoding === 'base64') return 'binary';
  if (types.includes('string') || (p.enum !== undefined && p.enum.every((v) => v === null || typeof v === 'string'))) return 'string';
  throw new Error(`${name}: no column kind for this property`);
}

function isNullable(name: string, p: JsonProperty, required: readonly string[]): boolean {
  if (!required.includes(name)) return true;
  const types = Array.isArray(p.type) ? p.type : [p.type];
  return types.includes('null') || (p.enum?.includes(null) ?? false);
}

export function columnsOf(schema: JsonObjectSchema): Column[] {
  const required = schema.required ?? [];
  const extra = schema['x-table-columns'] ?? {};
  const props: [string, JsonProperty, boolean][] = [
    ...Object.entries(schema.properties).map(([n, p]): [string, JsonProperty, boolean] => [n, p, isNullable(n, p, required)]),
    ...Object.entries(extra).map(([n, p]): [string, JsonProperty, boolean] => [n, p, false]),
  ];
  return props.map(([name, p, nullable]) => {
    const kind = kindOf(name, p);
    return { name, kind, nullable, description: p.description ?? '', duckdbType: TYPES[kind].duckdb, athenaType: TYPES[kind].athena };
  });
}

const logColumns = columnsOf(recordSchema as JsonObjectSchema);

export const TABLES: Record<TableName, TableSchema> = {
  logs: { name: 'logs', columns: logColumns },
  logs_auth: { name: 'logs_auth', columns: logColumns },
  quarantine: { name: 'quarantine', columns: columnsOf(quarantineSchema as JsonObjectSchema) },
  findings: { name: 'findings', columns: columnsOf(findingSchema as JsonObjectSchema) },
};

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } } as const;

/** The Parquet schema elements of one column (a leaf, or a LIST/MAP group with its children), in depth-first order. */
export function parquetElements(c: Column): SchemaElement[] {
  const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
  const name = c.name;
  switch (c.kind) {
    case 'string':
    case 'json':
      return [{ name, repetition_type, ...STRING }];
    case 'int32':
      return [{ name, repetition_type, type: 'INT32' }];
    case 'int64':
      return [{ name, repetition_type, type: 'INT64' }];
    case 'timestamp':
      return [{ name, repetition_type, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } }];
    case 'binary':
      return [{ name, repetition_type, type: 'BYTE_ARRAY' }];
    case 'string_list':
      // The three-level LIST of the Parquet spec (LogicalTypes.md, "Lists").
      return [
        { name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', ...STRING },
      ];
    case 'string_map':
      return mapElements(name, repetition_type, [{ name: 'value', repetition_type: 'REQUIRED', ...STRING }]);
    case 'string_map_map':
      return mapElements(name, repetition_type, mapElements('value', 'REQUIRED', [{ name: 'value', repetition_type: 'REQUIRED', ...STRING }]));
  }
}

/** A MAP per the Parquet spec (LogicalTypes.md, "Maps"): repeated key_value with a required key. */
function mapElements(name: string, repetition_type: 'OPTIONAL' | 'REQUIRED', value: SchemaElement[]): SchemaElement[] {
  return [
    { name, repetition_type, converted_type: 'MAP', logical_type: { type: 'MAP' }, num_children: 1 },
    { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
    { name: 'key', repetition_type: 'REQUIRED', ...STRING },
    ...value,
  ];
}

/** The whole file schema of a table, root first. */
export function parquetSchema(t: TableSchema): SchemaElement[] {
  return [{ name: 'root', num_children: t.columns.length }, ...t.columns.flatMap(parquetElements)];
}
