import hardware from './hardware.rules.json' with { type: 'json' };
import kernel from './kernel.rules.json' with { type: 'json' };
import kubelet from './kubelet.rules.json' with { type: 'json' };
import network from './network.rules.json' with { type: 'json' };
import runtime from './runtime.rules.json' with { type: 'json' };
import storage from './storage.rules.json' with { type: 'json' };
import type { RulesFile } from '../spec.js';

/**
 * The built-in rules files, imported (not read from the directory) so esbuild bundles them into
 * the Lambda. One file per area; docs/detectors/node.md describes their rules.
 */
export const BUILTIN_RULE_FILES: Readonly<Record<string, RulesFile>> = {
  'kernel.rules.json': kernel as unknown as RulesFile,
  'storage.rules.json': storage as unknown as RulesFile,
  'network.rules.json': network as unknown as RulesFile,
  'hardware.rules.json': hardware as unknown as RulesFile,
  'runtime.rules.json': runtime as unknown as RulesFile,
  'kubelet.rules.json': kubelet as unknown as RulesFile,
};
