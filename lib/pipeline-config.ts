import { compiledRules } from '../functions/detect/rules/rule-set.js';
import { assertLinearTime } from '../functions/detect/rules/linear-check.js';
import { resolveConfig } from '../functions/shared/load-config.js';

/** Lambda's environment holds 4 KB in all; the other variables take about 600 bytes. */
export const MAX_CONFIG_BYTES = 3300;

/**
 * Checks `pipelineConfig` at synth time, so a bad config fails `cdk synth`/`deploy` instead of
 * the function's cold start: the schema, the rules (each compiles, disable_rules names built-ins)
 * and every configured rule's regexes linear-time. The Lambda does not carry recheck (~3 MB);
 * this is where user rules for AWS are proven linear-time (docs/detectors/rules.md).
 */
export function checkPipelineConfig(pipelineConfig: Record<string, unknown>): void {
  const bytes = Buffer.byteLength(JSON.stringify(pipelineConfig));
  if (bytes > MAX_CONFIG_BYTES) {
    throw new Error(
      `logsift parameters: pipelineConfig is ${bytes} bytes as JSON; it travels in the function's environment, where Lambda allows 4 KB for all variables (keep it under ${MAX_CONFIG_BYTES}: fewer or shorter rules)`,
    );
  }
  try {
    const { detectors } = resolveConfig(pipelineConfig);
    if (detectors.rules_files.length > 0) {
      throw new Error('detectors.rules_files is read by the CLI only; put the rules themselves in pipelineConfig.detectors.rules');
    }
    compiledRules(detectors);
    assertLinearTime(detectors.rules);
  } catch (err) {
    throw new Error(`logsift parameters: pipelineConfig: ${(err as Error).message}`);
  }
}
