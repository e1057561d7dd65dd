import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import findingSchema from '../../schemas/finding.schema.json' with { type: 'json' };
import recordSchema from '../../schemas/log-record.schema.json' with { type: 'json' };
import quarantineSchema from '../../schemas/quarantine.schema.json' with { type: 'json' };
import ruleSchema from '../../schemas/rule.schema.json' with { type: 'json' };
import rulesFileSchema from '../../schemas/rules-file.schema.json' with { type: 'json' };

/**
 * The JSON Schemas, each compiled once per process on its first use and shared by every caller.
 * Compiling all three up front cost `logsift parse` about 80 ms of CPU at start-up, for a
 * config schema it needs only with `--config`.
 * `x-athena-type` (the Glue/Athena column type) and `x-table-columns` (columns a table adds to
 * the object, e.g. the findings table's version order) are our own annotations, so ajv is told about them.
 */
let ajv: Ajv | undefined;

function compiledOnFirstUse(schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= sharedAjv().compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}

/** One Ajv for all schemas; the rule schema is registered so the config and rules-file schemas can `$ref` it. */
function sharedAjv(): Ajv {
  if (ajv === undefined) {
    ajv = new Ajv({ allErrors: true, strict: true, keywords: ['x-athena-type', 'x-table-columns'] });
    ajv.addSchema(ruleSchema);
  }
  return ajv;
}

export const validateRecord: ValidateFunction = compiledOnFirstUse(recordSchema);
export const validateFinding: ValidateFunction = compiledOnFirstUse(findingSchema);
export const validateConfig: ValidateFunction = compiledOnFirstUse(configSchema);
export const validateQuarantine: ValidateFunction = compiledOnFirstUse(quarantineSchema);
export const validateRule: ValidateFunction = compiledOnFirstUse(ruleSchema);
export const validateRulesFile: ValidateFunction = compiledOnFirstUse(rulesFileSchema);

/** ajv's errors in one line, each naming the key it is about (an unknown key by its own name). */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map(describeError).join('; ');
}

function describeError(e: ErrorObject): string {
  const params = e.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    return `${e.instancePath}/${params.additionalProperty} is not a known key`;
  }
  if (e.keyword === 'enum' && params.allowedValues !== undefined) {
    return `${e.instancePath || '/'} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${e.instancePath || '/'} ${e.message ?? ''}`.trim();
}

export { configSchema, findingSchema, quarantineSchema, recordSchema, ruleSchema, rulesFileSchema };
