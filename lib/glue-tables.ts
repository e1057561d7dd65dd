import type { CfnTable } from 'aws-cdk-lib/aws-glue';
import { PARTITION_KEYS, TABLES, type TableName } from '../functions/sinks/table-schema.js';

export type { TableName };

/** Glue allows 255 characters of comment per column. */
const COMMENT_MAX = 255;

/**
 * One Glue table over `s3://<bucket>/<table>/dt=YYYY-MM-DD/hour=HH/`, with the columns the
 * Parquet writer writes (the same generator) and partition projection on dt/hour, so Athena
 * finds new partitions without a crawler or MSCK REPAIR.
 */
export function glueTableInput(name: TableName, bucketName: string): CfnTable.TableInputProperty {
  const location = `s3://${bucketName}/${name}/`;
  return {
    name,
    description: `logsift ${name} (columns generated from schemas/)`,
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
      columns: glueColumns(name),
    },
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
