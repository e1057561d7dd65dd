import type { DetectorsConfig } from '../shared/config.js';
import { createCertDetector } from './cert/index.js';
import { createEtcdDetector } from './etcd/index.js';
import { createOomDetector } from './oom/index.js';
import { createRuleDetector } from './rules/detector.js';
import { compiledRules } from './rules/rule-set.js';
import type { Detector } from './types.js';

/** The detectors every run uses, in a fixed order so output order is stable; the rule engine last, when any rule is in effect. */
export function defaultDetectors(config: DetectorsConfig): Detector[] {
  const detectors: Detector[] = [createEtcdDetector(config), createOomDetector(config), createCertDetector(config)];
  const rules = compiledRules(config);
  if (rules.length > 0) detectors.push(createRuleDetector(rules) as Detector);
  return detectors;
}
