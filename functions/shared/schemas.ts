import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import findingSchema from '../../schemas/finding.schema.json' with { type: 'json' };
import recordSchema from '../../schemas/log-record.schema.json' with { type: 'json' };

/**
 * The JSON Schemas compiled once per process (cold start), shared by every caller.
 * `x-athena-type` is our own annotation for the Glue/Athena column type, so ajv is told about it.
 */
const ajv = new Ajv({ allErrors: true, strict: true, keywords: ['x-athena-type'] });

export const validateRecord: ValidateFunction = ajv.compile(recordSchema);
export const validateFinding: ValidateFunction = ajv.compile(findingSchema);
export const validateConfig: ValidateFunction = ajv.compile(configSchema);

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
}

export { configSchema, findingSchema, recordSchema };
