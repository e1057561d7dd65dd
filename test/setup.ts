import { afterAll } from 'vitest';
import { observeRecords } from '../functions/pipeline/build-record.js';
import { serializeRecord } from '../functions/pipeline/serialize-record.js';
import { describeErrors, validateRecord } from '../functions/shared/schemas.js';

/**
 * Every record any test builds goes through the schema and the fast serializer. An invalid record fails the file that
 * produced it, naming the record and the violations.
 */
const invalid: string[] = [];
let seen = 0;
observeRecords((record) => {
  seen++;
  if (!validateRecord(record)) {
    invalid.push(`${JSON.stringify(record).slice(0, 300)} -> ${describeErrors(validateRecord.errors)}`);
  }
  // The fast serializer must write exactly what JSON.stringify writes, for every record.
  if (serializeRecord(record) !== JSON.stringify(record)) {
    invalid.push(`${JSON.stringify(record).slice(0, 300)} -> serializeRecord differs from JSON.stringify`);
  }
});

afterAll(() => {
  if (invalid.length > 0) {
    throw new Error(`${invalid.length} of ${seen} records failed log-record.schema.json:\n${invalid.slice(0, 10).join('\n')}`);
  }
});
