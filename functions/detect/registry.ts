import type { DetectorsConfig } from '../shared/config.js';
import { createCertDetector } from './cert/index.js';
import { createEtcdDetector } from './etcd/index.js';
import { createOomDetector } from './oom/index.js';
import type { Detector } from './types.js';

/** The detectors every run uses, in a fixed order so output order is stable. */
export function defaultDetectors(config: DetectorsConfig): Detector[] {
  return [createEtcdDetector(config), createOomDetector(config), createCertDetector(config)];
}
