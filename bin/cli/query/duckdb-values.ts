import {
  DuckDBBlobValue,
  DuckDBMapValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';
import { formatMicros } from '../../../functions/shared/time.js';
import type { Cell } from '../result-writers.js';

/** Years 0001..9999 in µs: what RFC 3339 can write. Outside (or ±infinity) DuckDB's own text is kept. */
const MIN_MICROS = -62135596800000000n;
const MAX_MICROS = 253402300799999999n;

/**
 * DuckDB values as JSON values, the way logsift's records write them, so `--json` output reads
 * like `logsift parse` output: timestamps as RFC 3339 UTC with six fractional digits, 64- and
 * 128-bit integers as numbers when exact (else strings), maps as objects (`fields`,
 * `structured_data`), blobs as base64 (the quarantine's `raw`). Everything else as the
 * library's JSON converter writes it.
 */
export const toCell: DuckDBValueConverter<Cell> = (value: DuckDBValue, type: DuckDBType, converter: DuckDBValueConverter<Cell>) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return integerCell(value as bigint);
    case DuckDBTypeId.TIMESTAMP:
      return timeCell((value as DuckDBTimestampValue).micros, value);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timeCell((value as DuckDBTimestampTZValue).micros, value);
    case DuckDBTypeId.TIMESTAMP_S:
      return timeCell((value as DuckDBTimestampSecondsValue).seconds * 1_000_000n, value);
    case DuckDBTypeId.TIMESTAMP_MS:
      return timeCell((value as DuckDBTimestampMillisecondsValue).millis * 1000n, value);
    case DuckDBTypeId.TIMESTAMP_NS:
      return timeCell((value as DuckDBTimestampNanosecondsValue).nanos / 1000n, value);
    case DuckDBTypeId.BLOB:
      return Buffer.from((value as DuckDBBlobValue).bytes).toString('base64');
    case DuckDBTypeId.MAP:
      return mapCell(value as DuckDBMapValue, type, converter);
    default:
      return JsonDuckDBValueConverter(value, type, converter as DuckDBValueConverter<Json>) as Cell;
  }
};

function integerCell(n: bigint): Cell {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function timeCell(micros: bigint, value: DuckDBValue): Cell {
  return micros >= MIN_MICROS && micros <= MAX_MICROS ? formatMicros(micros) : String(value);
}

/** A map as an object keyed by the key's text (keys are strings in logsift's tables). */
function mapCell(value: DuckDBMapValue, type: DuckDBType, converter: DuckDBValueConverter<Cell>): Cell {
  const { keyType, valueType } = type as DuckDBType & { keyType: DuckDBType; valueType: DuckDBType };
  const out: Record<string, Cell> = {};
  for (const entry of value.entries) {
    const key = converter(entry.key, keyType, converter);
    out[typeof key === 'string' ? key : JSON.stringify(key)] = converter(entry.value, valueType, converter);
  }
  return out;
}
