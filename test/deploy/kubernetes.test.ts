import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SHIP_USAGE } from '../../bin/cli/ship.js';

// deploy/kubernetes/ against the Kubernetes API schema (kubernetes-models: validators generated
// from the Kubernetes 1.27 OpenAPI spec; types, required fields, enums, quantity formats), then
// the properties the shipper depends on. The schema does not reject unknown field names, so the
// fields that matter are checked by name below.
const DIR = fileURLToPath(new URL('../../deploy/kubernetes/', import.meta.url));
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1 DaemonSet': DaemonSet,
  'v1 ConfigMap': ConfigMap,
  'v1 Namespace': Namespace,
  'v1 ServiceAccount': ServiceAccount,
};

const manifests = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((doc) => {
      expect(doc.errors, f).toEqual([]);
      return { file: f, object: doc.toJS() as any };
    }),
  );
const find = (kind: string): any => {
  const found = manifests.filter((m) => m.object.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!.object;
};

describe('deploy/kubernetes', () => {
  it('every manifest is valid against the Kubernetes schema of its kind', () => {
    expect(manifests.map((m) => m.object.kind).sort()).toEqual(['ConfigMap', 'DaemonSet', 'Namespace', 'ServiceAccount']);
    for (const { file, object } of manifests) {
      const Model = MODELS[`${object.apiVersion} ${object.kind}`];
      expect(Model, `${file}: ${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(() => new Model!(object).validate(), file).not.toThrow();
    }
  });

  it('the validator does reject what the API server would (a bad quantity, a mistyped field)', () => {
    const ds = structuredClone(find('DaemonSet'));
    ds.spec.template.spec.containers[0].resources.limits.memory = 'lots';
    expect(() => new DaemonSet(ds).validate()).toThrow(/memory/);
    const ds2 = structuredClone(find('DaemonSet'));
    ds2.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = 'yes';
    expect(() => new DaemonSet(ds2).validate()).toThrow(/readOnlyRootFilesystem/);
  });

  it('runs logsift-ship on every node with the journal read-only and the cursor on the node', () => {
    const ds = find('DaemonSet');
    const pod = ds.spec.template.spec;
    expect(ds.spec.selector.matchLabels).toEqual(ds.spec.template.metadata.labels);
    const [ship] = pod.containers;
    expect(pod.containers).toHaveLength(1);
    expect(ship.command).toEqual(['/usr/bin/logsift-ship']);
    expect(ship.args.slice(0, 2)).toEqual(['--stream', '$(LOGSIFT_STREAM)']);
    // Every option it passes is one logsift ship knows.
    for (const a of ship.args.filter((x: string) => x.startsWith('--'))) expect(SHIP_USAGE).toContain(`  ${a} `);

    const mounts = Object.fromEntries(ship.volumeMounts.map((m: any) => [m.mountPath, m]));
    const hostPathOf = (name: string) => pod.volumes.find((v: any) => v.name === name).hostPath;
    for (const path of ['/var/log/journal', '/run/log/journal', '/etc/machine-id']) {
      expect(mounts[path]?.readOnly, path).toBe(true);
      expect(hostPathOf(mounts[path].name).path).toBe(path);
    }
    const stateDir = ship.env.find((e: any) => e.name === 'STATE_DIRECTORY').value;
    expect(mounts[stateDir].readOnly).toBeUndefined();
    expect(hostPathOf(mounts[stateDir].name)).toEqual({ path: '/var/lib/logsift', type: 'DirectoryOrCreate' });
    expect(pod.tolerations.map((t: any) => t.key)).toContain('node-role.kubernetes.io/control-plane');
  });

  it('sets resources and a locked-down security context', () => {
    const pod = find('DaemonSet').spec.template.spec;
    const ship = pod.containers[0];
    expect(ship.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(ship.resources.limits.memory).toBeDefined();
    expect(ship.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
  });

  it('takes stream and region from the ConfigMap and credentials from IRSA', () => {
    const ds = find('DaemonSet');
    const pod = ds.spec.template.spec;
    const cm = find('ConfigMap');
    const sa = find('ServiceAccount');
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: cm.metadata.name } }]);
    expect(Object.keys(cm.data).sort()).toEqual(['AWS_REGION', 'LOGSIFT_STREAM']);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const ns = find('Namespace').metadata.name;
    for (const o of [ds, cm, sa]) expect(o.metadata.namespace).toBe(ns);
  });
});
