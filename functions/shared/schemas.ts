import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import findingSchema from '../../schemas/finding.schema.json' with { type: 'json' };
import recordSchema from '../../schemas/log-record.schema.json' with { type: 'json' };

/**
 * The JSON Schemas, each compiled once per process on its first use and shared by every caller.
 * Compiling all three up front cost `logsift parse` about 80 ms of CPU at start-up, for a
 * config schema it needs only with `--config`.
 * `x-athena-type` is our own annotation for the Glue/Athena column type, so ajv is told about it.
 */
let ajv: Ajv | undefined;

function compiledOnFirstUse(schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= (ajv ??= new Ajv({ allErrors: true, strict: true, keywords: ['x-athena-type'] })).compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}

export const validateRecord: ValidateFunction = compiledOnFirstUse(recordSchema);
export const validateFinding: ValidateFunction = compiledOnFirstUse(findingSchema);
export const validateConfig: ValidateFunction = compiledOnFirstUse(configSchema);

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
}

export { configSchema, findingSchema, recordSchema };
