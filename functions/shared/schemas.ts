import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import findingSchema from '../../schemas/finding.schema.json' with { type: 'json' };
import recordSchema from '../../schemas/log-record.schema.json' with { type: 'json' };
import quarantineSchema from '../../schemas/quarantine.schema.json' with { type: 'json' };

/**
 * The JSON Schemas compiled once per process (cold start), shared by every caller.
 * `x-athena-type` (the Glue/Athena column type) and `x-table-columns` (columns a table adds to
 * the object, e.g. the findings table's version order) are our own annotations, so ajv is told about them.
 */
const ajv = new Ajv({ allErrors: true, strict: true, keywords: ['x-athena-type', 'x-table-columns'] });

export const validateRecord: ValidateFunction = ajv.compile(recordSchema);
export const validateFinding: ValidateFunction = ajv.compile(findingSchema);
export const validateConfig: ValidateFunction = ajv.compile(configSchema);
export const validateQuarantine: ValidateFunction = ajv.compile(quarantineSchema);

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
}

export { configSchema, findingSchema, quarantineSchema, recordSchema };
