import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../functions/detect/rules/compile.js';
import { checkSync } from 'recheck';
import { regexesOf } from '../../../functions/detect/rules/linear-check.js';
import { builtinRules } from '../../../functions/detect/rules/rule-set.js';
import type { RuleSpec } from '../../../functions/detect/rules/spec.js';

const TYPES = [
  'task_hung',
  'kernel_oops',
  'fs_read_only',
  'fs_error',
  'io_error',
  'netdev_unregister_wait',
  'hardware_error',
  'service_restart',
  'container_runtime_error',
  'conntrack_table_full',
  'martian_packets',
  'kubelet_disk_pressure',
];

/** Named groups of a regex source (compiled with an empty alternative so it always matches). */
function groupsOf(source: string): Set<string> {
  return new Set(Object.keys(new RegExp(`${source}|`).exec('')?.groups ?? {}));
}

function capturesOf(spec: RuleSpec): Set<string> {
  return new Set([spec.match, ...(spec.fold?.capture ?? [])].flatMap((s) => [...groupsOf(s)]));
}

describe('built-in node rules', () => {
  const specs = builtinRules().map((r) => r.spec);

  it('are schema-valid (builtinRules checks each), compile, and cover the twelve finding types of issue 15', () => {
    for (const s of specs) expect(() => compileRule(s)).not.toThrow();
    expect([...new Set(specs.map((s) => s.type))].sort()).toEqual([...TYPES].sort());
  });

  it('every regex is linear-time (recheck)', () => {
    // The engine's own check (assertLinearTime, recheck's default 10 s budget per regex) as the CLI
    // runs it; on a loaded machine a regex can run out of that budget, so the proof here gets 2 min.
    const unsafe = specs.flatMap((s) => regexesOf(s).map((r) => ({ rule: s.name, ...r })))
      .map((r) => ({ ...r, status: checkSync(r.source, '', { timeout: 120_000 }).status }))
      .filter((r) => r.status !== 'safe');
    expect(unsafe).toEqual([]);
  }, 1_800_000);

  it('details, summary placeholders, severity captures and group keys name captures the rule has', () => {
    for (const s of specs) {
      const caps = capturesOf(s);
      for (const d of s.details ?? []) expect(caps.has(d), `${s.name}: details ${d}`).toBe(true);
      for (const [, name] of s.summary.matchAll(/\{(\w+)\}/g)) expect(caps.has(name) || ['host', 'cluster', 'count', 'first', 'last'].includes(name), `${s.name}: summary {${name}}`).toBe(true);
      if (typeof s.severity !== 'string') expect(caps.has(s.severity.capture), `${s.name}: severity capture`).toBe(true);
      // A recovery line must carry the same group key as the matches it ends.
      const keyCaps = (s.group_by ?? []).filter((g) => g.startsWith('capture:')).map((g) => g.slice(8));
      if (s.resolve?.match !== undefined) for (const k of keyCaps) expect(groupsOf(s.resolve.match).has(k), `${s.name}: resolve.match lacks (?<${k}>)`).toBe(true);
    }
  });

  it('kernel rules look at kernel records only (facility kern), so user-space text that quotes them is not read', () => {
    for (const s of specs.filter((x) => !['service_restart', 'container_runtime_error', 'kubelet_disk_pressure'].includes(x.type))) {
      expect(s.select?.facility, s.name).toEqual(['kern']);
    }
  });
});
