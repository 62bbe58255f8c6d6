/**
 * The deployment assets (Kubernetes manifests, Grafana dashboard, Prometheus rules) are data, not code: nothing
 * else would notice a renamed env var, metric or label. These tests hold them to the code they describe.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { parseDuration } from '../../../src/config/parse-duration';
import { isPlaybookFileName } from '../../../src/playbooks/load-playbooks';
import { deploymentPaths } from './deployment-paths';
import type { Binding, K8sObject, PolicyRule } from './k8s-objects';
import { loadK8sManifests } from './load-k8s-manifests';

const { root, deployDir } = deploymentPaths;
const read = (file: string): string => fs.readFileSync(file, 'utf8');
const { manifestFiles, objectsByFile, allObjects, kustomization, applied, find, deployment, podSpec, container, configMapData, mendbotConfig, exampleSecret } =
  loadK8sManifests();

const schemaText = read(path.join(root, 'src', 'config', 'config-env-schema.ts'));
/** The variables mendbot reads: the keys of configEnvSchema, `NAME: envVar('NAME', …)`. */
const knownEnvVars = new Set([...schemaText.matchAll(/^\s+([A-Z][A-Z0-9_]*): envVar\('([A-Z][A-Z0-9_]*)'/gm)].filter((m) => m[1] === m[2]).map((m) => m[1]!));
/**
 * Standard variables that are not mendbot settings but may legitimately appear in the manifests: Node's own,
 * and the in-cluster ones integrations/kubernetes/README.md documents (Kubernetes injects those itself).
 */
const standardEnvVars = new Set(['NODE_ENV', 'NODE_OPTIONS', 'TZ', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']);

describe('Kubernetes manifests (integrations/kubernetes/deploy)', () => {
  it('parse, every document a Kubernetes object with a name', () => {
    expect(manifestFiles.length).toBeGreaterThan(5);
    for (const [file, objects] of objectsByFile) {
      expect({ file, count: objects.length > 0 }).toEqual({ file, count: true });
      for (const o of objects) {
        expect({ file, apiVersion: typeof o.apiVersion, kind: typeof o.kind }).toEqual({ file, apiVersion: 'string', kind: 'string' });
        if (o.kind !== 'Kustomization') expect({ file, name: typeof o.metadata?.name }).toEqual({ file, name: 'string' });
      }
    }
  });

  it('kustomization.yaml lists every manifest except the example Secret and the optional ServiceMonitor', () => {
    expect(kustomization).toBeDefined();
    const listed = [...(kustomization?.resources ?? [])].sort();
    for (const f of listed) expect(manifestFiles).toContain(f);
    expect(listed).toEqual(manifestFiles.filter((f) => !['kustomization.yaml', 'secret.example.yaml', 'servicemonitor.yaml'].includes(f)));
    expect(applied.filter((o) => o.kind === 'Secret')).toEqual([]);
    // No namespace override: it would move the remediation Roles out of the namespaces they grant access to.
    expect(kustomization).not.toHaveProperty('namespace');
  });

  it('runs one replica with the Recreate strategy, the SQLite store being single-writer', () => {
    expect(deployment.metadata.namespace).toBe('mendbot');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy?.type).toBe('Recreate');
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(container.image).toBe('mendbot:latest');
  });

  it('probes /readyz (readiness) and /healthz (liveness) on the container port', () => {
    const port = container.ports.find((p) => p.containerPort === 8080);
    expect(port).toEqual({ name: 'http', containerPort: 8080, protocol: 'TCP' });
    const onContainerPort = (p: number | string | undefined) => p === port?.containerPort || p === port?.name;
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(onContainerPort(container.readinessProbe?.httpGet?.port)).toBe(true);
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(onContainerPort(container.livenessProbe?.httpGet?.port)).toBe(true);
    expect(mendbotConfig.PORT ?? '8080').toBe(String(port?.containerPort));
  });

  it('exposes a ClusterIP Service mendbot.mendbot on port 8080 named http, selecting the pods', () => {
    const service = find<K8sObject & { spec: { type: string; selector: Record<string, string>; ports: Array<{ name: string; port: number; targetPort: number | string }> } }>('Service', 'mendbot');
    expect(service.metadata.namespace).toBe('mendbot');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(read(path.join(deployDir, 'README.md'))).toContain('http://mendbot.mendbot.svc:8080/webhooks/alertmanager');
  });

  it('uses only env var names that mendbot reads (config-env-schema.ts) or documented standard ones', () => {
    expect(knownEnvVars.size).toBeGreaterThan(30);
    const names = new Set<string>([
      ...(container.env ?? []).map((e) => e.name),
      ...(container.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : [])),
      ...(container.envFrom ?? []).flatMap((e) => (e.configMapRef ? Object.keys(configMapData(e.configMapRef.name)) : [])),
      ...Object.keys(exampleSecret.stringData),
    ]);
    // Commented-out suggestions (`# NAME: value`) in the config and secret files must be real names too.
    for (const file of ['configmap.yaml', 'secret.example.yaml']) {
      for (const m of read(path.join(deployDir, file)).matchAll(/^\s*#\s*([A-Z][A-Z0-9_]{2,}):/gm)) names.add(m[1]!);
    }
    const unknown = [...names].filter((n) => !knownEnvVars.has(n) && !standardEnvVars.has(n));
    expect(unknown).toEqual([]);
    expect([...names]).toEqual(expect.arrayContaining(['PLAYBOOKS_DIR', 'MENDBOT_DATA_DIR', 'MENDBOT_SHUTDOWN_TIMEOUT', 'ALERTMANAGER_TOKEN']));
  });

  it('takes the secrets from mendbot-secrets, optional except the two tokens, with a placeholder for each in secret.example.yaml', () => {
    const secretEnv = (container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
    expect(secretEnv.map((e) => e.name).sort()).toEqual(
      ['ALERTMANAGER_TOKEN', 'GITHUB_TOKEN', 'MENDBOT_API_TOKEN', 'MENDBOT_API_TOKENS', 'PAGERDUTY_ROUTING_KEY', 'PAGERDUTY_WEBHOOK_SECRETS', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'].sort(),
    );
    for (const e of secretEnv) {
      const ref = e.valueFrom!.secretKeyRef!;
      expect({ env: e.name, secret: ref.name, key: ref.key }).toEqual({ env: e.name, secret: 'mendbot-secrets', key: e.name });
      expect({ env: e.name, optional: ref.optional === true }).toEqual({ env: e.name, optional: !['ALERTMANAGER_TOKEN', 'MENDBOT_API_TOKEN'].includes(e.name) });
      // Every key is in the example, set or commented out.
      expect(read(path.join(deployDir, 'secret.example.yaml'))).toMatch(new RegExp(`^\\s*(# )?${e.name}:`, 'm'));
    }
    // No secret value in the ConfigMap.
    for (const name of Object.keys(mendbotConfig)) expect(secretEnv.map((e) => e.name)).not.toContain(name);
  });

  it('is a configuration mendbot accepts, with the shutdown drain shorter than the grace period', () => {
    const env: Record<string, string> = { ...mendbotConfig };
    for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    for (const [key, value] of Object.entries(exampleSecret.stringData)) env[key] = value;
    // In the pod the playbook-secrets volume exists at this path (checked below); here a temp dir stands in.
    env.MENDBOT_SECRETS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-k8s-secrets-'));
    const config = loadConfig(env);
    expect(config.playbooksDir).toBe('/etc/mendbot/playbooks');
    expect(config.dataDir).toBe('/data');
    expect(config.shutdownTimeoutMs).toBe(parseDuration(mendbotConfig.MENDBOT_SHUTDOWN_TIMEOUT ?? '')); // set explicitly
    expect(config.shutdownTimeoutMs).toBe(25_000);
    expect(podSpec.terminationGracePeriodSeconds).toBe(30);
    expect((podSpec.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(config.shutdownTimeoutMs);
  });

  it('mounts the playbooks read-only at PLAYBOOKS_DIR (no subPath, so hot reload works) and the data volume at MENDBOT_DATA_DIR', () => {
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
    const mount = (volume: string) => container.volumeMounts?.find((m) => m.name === volume);
    const volume = (name: string) => podSpec.volumes?.find((v) => v.name === name);

    expect(env.PLAYBOOKS_DIR).toBe('/etc/mendbot/playbooks');
    expect(mount('playbooks')).toEqual({ name: 'playbooks', mountPath: env.PLAYBOOKS_DIR, readOnly: true });
    expect(volume('playbooks')?.configMap?.name).toBe('mendbot-playbooks');

    expect(env.MENDBOT_DATA_DIR).toBe('/data');
    expect(mount('data')).toEqual({ name: 'data', mountPath: env.MENDBOT_DATA_DIR });
    const claim = volume('data')?.persistentVolumeClaim?.claimName;
    expect(find<K8sObject & { spec: { accessModes: string[] } }>('PersistentVolumeClaim', claim ?? '').spec.accessModes).toEqual(['ReadWriteOnce']);

    // The root filesystem is read-only: everything mendbot writes must be on a writable volume.
    expect(mendbotConfig.POSTMORTEM_DIR?.startsWith(`${env.MENDBOT_DATA_DIR}/`)).toBe(true);
    expect(mount('tmp')?.mountPath).toBe('/tmp');
    expect(volume('tmp')?.emptyDir).toBeDefined();
    for (const m of container.volumeMounts ?? []) expect(m.subPath).toBeUndefined();
  });

  it('mounts the playbook secrets read-only at MENDBOT_SECRETS_DIR from an optional Secret (no subPath: rotation applies)', () => {
    expect(mendbotConfig.MENDBOT_SECRETS_DIR).toBe('/etc/mendbot/secrets');
    expect(container.volumeMounts?.find((m) => m.name === 'playbook-secrets')).toEqual({ name: 'playbook-secrets', mountPath: mendbotConfig.MENDBOT_SECRETS_DIR, readOnly: true });
    expect(podSpec.volumes?.find((v) => v.name === 'playbook-secrets')?.secret).toEqual({ secretName: 'mendbot-playbook-secrets', optional: true });
  });

  it('ships the three example playbooks verbatim in the mendbot-playbooks ConfigMap', () => {
    const playbooksDir = path.join(root, 'playbooks');
    // Playbook tests (*.test.yaml) are for CI, not the server: the ConfigMap ships playbooks only.
    const examples = fs.readdirSync(playbooksDir).filter(isPlaybookFileName);
    const data = configMapData('mendbot-playbooks');
    expect(Object.keys(data).sort()).toEqual(examples.sort());
    for (const name of examples) expect({ name, text: data[name] }).toEqual({ name, text: read(path.join(playbooksDir, name)) });
  });

  it('runs as non-root with a read-only root filesystem, no privilege escalation and no capabilities', () => {
    expect(podSpec.securityContext?.runAsNonRoot).toBe(true);
    // The image's USER is the name `node`, which runAsNonRoot cannot verify: the uid must be numeric.
    expect(podSpec.securityContext?.runAsUser).toBe(1000);
    expect(podSpec.securityContext?.fsGroup).toBe(1000);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(container.resources?.limits?.memory).toEqual(expect.any(String));
    expect(podSpec.serviceAccountName).toBe('mendbot');
    expect(find('ServiceAccount', 'mendbot').metadata.namespace).toBe('mendbot');
  });

  it('grants exactly the verbs of integrations/kubernetes/README.md: least privilege, no wildcards', () => {
    const roles = applied.filter((o) => o.kind === 'Role') as Array<K8sObject & { rules: PolicyRule[] }>;
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.metadata.namespace).not.toBe('mendbot'); // mendbot acts on other namespaces, never its own objects
      expect(role.rules).toEqual([
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'] },
        { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
      ]);
      const binding = applied.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === role.metadata.namespace) as Binding | undefined;
      expect(binding?.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
      expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'mendbot', namespace: 'mendbot' }]);
    }
    const clusterRoles = applied.filter((o) => o.kind === 'ClusterRole') as Array<K8sObject & { rules: PolicyRule[] }>;
    expect(clusterRoles.map((r) => r.rules)).toEqual([[{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] }]]);
    const clusterBindings = applied.filter((o) => o.kind === 'ClusterRoleBinding') as Binding[];
    expect(clusterBindings.map((b) => [b.roleRef, b.subjects])).toEqual([
      [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoles[0]?.metadata.name },
        [{ kind: 'ServiceAccount', name: 'mendbot', namespace: 'mendbot' }],
      ],
    ]);
    const everyRule = [...roles, ...clusterRoles].flatMap((r) => r.rules);
    for (const r of everyRule) for (const v of [...r.apiGroups, ...r.resources, ...r.verbs]) expect(v).not.toBe('*');
  });

  it('puts every namespaced object of mendbot itself in the mendbot namespace', () => {
    const clusterScoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];
    const rbacInTargets = ['Role', 'RoleBinding'];
    for (const o of allObjects.filter((x) => x.kind !== 'Kustomization' && !clusterScoped.includes(x.kind) && !rbacInTargets.includes(x.kind))) {
      expect({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }).toEqual({ kind: o.kind, name: o.metadata.name, namespace: 'mendbot' });
    }
    expect(find('Namespace', 'mendbot').metadata.name).toBe('mendbot');
  });
});
