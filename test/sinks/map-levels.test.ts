import { parquetWriteBuffer } from 'hyparquet-writer';
import { encodeNestedValues } from 'hyparquet-writer/src/dremel.js';
import { schemaPathResolver } from 'hyparquet-writer/src/schema.js';
import { describe, expect, it } from 'vitest';
import { recordTimeMicros } from '../../functions/shared/time.js';
import { stringMapLeaves } from '../../functions/sinks/map-levels.js';
import { encodeParquet, type Row } from '../../functions/sinks/parquet-encode.js';
import { parquetSchema, TABLES, type Column } from '../../functions/sinks/table-schema.js';

const MAPS: (Record<string, string> | null)[] = [{ a: '1', b: '2' }, {}, null, { only: 'x' }, { k: '', 'ü': 'ö' }, {}];

/** The library's generic Dremel walk over {key, value} entries, the path the levels replace. */
function libraryLeaves(nullable: boolean, maps: readonly (Record<string, string> | null)[]) {
  const column: Column = { name: 'm', kind: 'string_map', nullable, description: '', duckdbType: '', athenaType: '' };
  const path = schemaPathResolver(parquetSchema({ name: 'logs', columns: [column] }))(['m']);
  const keyValue = path[path.length - 1].children[0];
  const rows = maps.map((m) => (m === null ? null : Object.entries(m).map(([key, value]) => ({ key, value }))));
  return [0, 1].map((i) => encodeNestedValues([...path, keyValue, keyValue.children[i]], rows));
}

describe('string map leaves', () => {
  it('give the same values and levels as the generic Dremel walk, for optional maps', () => {
    const { keys, values } = stringMapLeaves(MAPS, true);
    const [k, v] = libraryLeaves(true, MAPS);
    expect(keys.definitionLevels).toEqual(k.definitionLevels);
    expect(keys.repetitionLevels).toEqual(k.repetitionLevels);
    expect(keys.maxDefinitionLevel).toBe(k.maxDefinitionLevel);
    expect(keys.values.map((x) => x ?? null)).toEqual(Array.from(k.values, (x) => x ?? null));
    expect(values.values.map((x) => x ?? null)).toEqual(Array.from(v.values, (x) => x ?? null));
  });

  it('give the same values and levels for required maps, and refuse a null one', () => {
    const maps = MAPS.filter((m) => m !== null);
    const { keys, values } = stringMapLeaves(maps, false);
    const [k, v] = libraryLeaves(false, maps);
    expect(keys.definitionLevels).toEqual(k.definitionLevels);
    expect(keys.repetitionLevels).toEqual(k.repetitionLevels);
    expect(keys.maxDefinitionLevel).toBe(1);
    expect(values.values.map((x) => x ?? null)).toEqual(Array.from(v.values, (x) => x ?? null));
    expect(() => stringMapLeaves([{ a: '1' }, null], false)).toThrow(/required map/);
  });
});

describe('encodeParquet', () => {
  /** The same rows through parquetWriteBuffer, as the writer was used before the column path. */
  function viaLibrary(rows: Row[]): Uint8Array {
    const columns = TABLES.logs.columns;
    const convert = (c: Column, v: unknown): unknown => {
      if (v === null || v === undefined) return null;
      if (c.kind === 'timestamp') return recordTimeMicros(v as string);
      if (c.kind === 'int64') return BigInt(v as number);
      if (c.kind === 'string_map') return Object.entries(v as Record<string, string>).map(([key, value]) => ({ key, value }));
      if (c.kind === 'string_map_map')
        return Object.entries(v as Record<string, Record<string, string>>).map(([key, inner]) => ({ key, value: Object.entries(inner).map(([k, x]) => ({ key: k, value: x })) }));
      return v;
    };
    const columnData = columns.map((c) => ({ name: c.name, data: rows.map((r) => convert(c, r[c.name])), statistics: ['timestamp', 'int32', 'int64'].includes(c.kind) }));
    return new Uint8Array(parquetWriteBuffer({ columnData, schema: parquetSchema(TABLES.logs), codec: 'SNAPPY', rowGroupSize: Math.max(rows.length, 1), createdBy: 'logsift' }));
  }

  it('writes the same bytes as hyparquet-writer over the whole rows', () => {
    const rows: Row[] = MAPS.map((fields, i) => ({
      event_id: `e${i}`,
      time: i % 2 ? null : `2026-11-26T02:00:0${i}.000000Z`,
      received_time: '2026-11-26T02:00:00.000000Z',
      host: i % 3 ? 'cp-1' : null,
      source_format: 'journald',
      pid: i % 2 ? 1000 + i : null,
      facility: 3,
      facility_name: 'daemon',
      severity: 6,
      severity_name: 'info',
      corrections: i % 2 ? ['facility'] : [],
      structured_data: i === 1 ? { 'meta@1': { a: 'b' }, empty: {} } : null,
      message: `message ${i}`,
      fields: fields ?? {},
    }));
    for (const n of [0, 1, rows.length]) expect(Buffer.from(encodeParquet(TABLES.logs, rows.slice(0, n)))).toEqual(Buffer.from(viaLibrary(rows.slice(0, n))));
  });
});
