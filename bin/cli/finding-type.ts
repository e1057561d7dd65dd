import { findingSchema } from '../../functions/shared/schemas.js';
import { rx } from '../../functions/shared/safe-regex.js';
import { UsageError } from './options.js';

/** Rules may name their own types, so --type is checked for shape only (the schema's pattern). */
const FINDING_TYPE = rx(new RegExp((findingSchema as { properties: { type: { pattern: string } } }).properties.type.pattern));

/** `findings --type` and `report --type`: a usage error unless T is shaped like a finding type. */
export function checkFindingType(type: string | undefined): void {
  if (type !== undefined && !FINDING_TYPE.test(type)) {
    throw new UsageError(`--type must be a finding type such as oom_kill or task_hung (lower-case letters, digits and _), not ${JSON.stringify(type)}`);
  }
}
