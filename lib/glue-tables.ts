import { Token } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-glue';
import { PARTITION_KEYS, TABLES, type ColumnKind, type TableName } from '../functions/sinks/table-schema.js';
import { COMPACTED_FROM } from '../functions/store/compacted-from.js';
import { isCompactedTable, objectsTableName, visibleRowsSql } from '../functions/store/visible-objects.js';

export type { TableName };

/** Glue allows 255 characters of comment per column. */
const COMMENT_MAX = 255;

/**
 * One Glue table over `s3://<bucket>/<table>/dt=YYYY-MM-DD/hour=HH/`, with the columns the
 * Parquet writer writes (the same generator) and partition projection on dt/hour, so Athena
 * finds new partitions without a crawler or MSCK REPAIR. A compacted table's is
 * `<table>_objects`, with `compacted_from` too (null in objects ingest wrote, which lack it):
 * users query the view glueViewInput makes, under the table's own name.
 */
export function glueTableInput(name: TableName, bucketName: string): CfnTable.TableInputProperty {
  const location = `s3://${bucketName}/${name}/`;
  const compacted = isCompactedTable(name);
  const columns = glueColumns(name);
  if (compacted) columns.push({ name: COMPACTED_FROM, type: 'string', comment: 'The object this row group was copied from by compaction (null if written by ingest); the view hides the objects named here.' });
  return {
    name: compacted ? objectsTableName(name) : name,
    description: compacted ? `logsift ${name}: every stored object, including sources a compaction has merged; query the view ${name}` : `logsift ${name} (columns generated from schemas/)`,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      EXTERNAL: 'TRUE',
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2024-01-01,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': `${location}dt=\${dt}/hour=\${hour}/`,
    },
    partitionKeys: PARTITION_KEYS.map((k) => ({ name: k, type: 'string' })),
    storageDescriptor: {
      location,
      inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serdeInfo: {
        serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        parameters: { 'serialization.format': '1' },
      },
      columns,
    },
  };
}

/** Athena (Trino) column types of the view, as a Presto view definition states them. */
const PRESTO_TYPES: Record<ColumnKind, string> = {
  string: 'varchar',
  int32: 'integer',
  int64: 'bigint',
  // Athena reads Hive-table timestamps at millisecond precision.
  timestamp: 'timestamp(3)',
  json: 'varchar',
  binary: 'varbinary',
  string_list: 'array(varchar)',
  string_map: 'map(varchar,varchar)',
  string_map_map: 'map(varchar,map(varchar,varchar))',
};

/**
 * A compacted table as users query it: an Athena view under the table's name over
 * `<table>_objects` that hides the objects a merged object names in `compacted_from`, so a query
 * while compaction runs sees each row once (the SQL is visibleRowsSql, the one `logsift query`
 * runs too). A Glue VIRTUAL_VIEW in the form Athena writes its own views: the Presto view
 * definition, base64 JSON, in ViewOriginalText.
 */
export function glueViewInput(name: TableName, databaseName: string): CfnTable.TableInputProperty {
  const cols = [...TABLES[name].columns.map((c) => ({ name: c.name, hive: c.athenaType, presto: PRESTO_TYPES[c.kind] })), ...PARTITION_KEYS.map((k) => ({ name: k, hive: 'string', presto: 'varchar' }))];
  // The definition is base64 at synth: the database name (from the stack name) is known then.
  if (Token.isUnresolved(databaseName)) throw new Error(`the Glue database name must be known at synth for the view ${name}`);
  const definition = JSON.stringify({
    originalSql: visibleRowsSql(name, `"${objectsTableName(name)}"`),
    catalog: 'awsdatacatalog',
    schema: databaseName,
    columns: cols.map((c) => ({ name: c.name, type: c.presto })),
  });
  const viewOriginalText = `/* Presto View: ${Buffer.from(definition).toString('base64')} */`;
  return {
    name,
    description: `logsift ${name}: each row once, also while compaction runs (a view over ${objectsTableName(name)})`,
    tableType: 'VIRTUAL_VIEW',
    parameters: { presto_view: 'true', comment: 'Presto View' },
    partitionKeys: [],
    viewOriginalText,
    viewExpandedText: '/* Presto View */',
    storageDescriptor: { columns: cols.map((c) => ({ name: c.name, type: c.hive })), serdeInfo: {} },
  };
}

/** The Glue columns of a table: name and Athena type from the generator, description as comment. */
export function glueColumns(name: TableName): { name: string; type: string; comment?: string }[] {
  return TABLES[name].columns.map((c) => ({
    name: c.name,
    type: c.athenaType,
    ...(c.description ? { comment: c.description.slice(0, COMMENT_MAX) } : {}),
  }));
}
