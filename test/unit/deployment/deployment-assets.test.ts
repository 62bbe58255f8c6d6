import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../../src/config/load-config';
import { parseDuration } from '../../../src/config/parse-duration';
import { finalRunStatuses } from '../../../src/core/runs/run';
import { createMetrics } from '../../../src/telemetry/create-metrics';

/**
 * The deployment assets (Kubernetes manifests, Grafana dashboard, Prometheus rules) are data, not code: nothing
 * else would notice a renamed env var, metric or label. These tests hold them to the code they describe.
 */

const root = path.join(__dirname, '..', '..', '..');
const deployDir = path.join(root, 'integrations', 'kubernetes', 'deploy');
const monitoringDir = path.join(root, 'integrations', 'prometheus', 'monitoring');
const rulesFile = path.join(monitoringDir, 'mendbot-alerts.rules.yaml');
const dashboardFile = path.join(monitoringDir, 'mendbot-dashboard.json');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

type Json = Record<string, unknown>;
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path: string; port: number | string };
}
interface Container {
  name: string;
  image: string;
  ports: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>;
}
interface PodSpec {
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; fsGroup?: number };
  containers: Container[];
  volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string }; emptyDir?: Json }>;
}
interface Deployment extends K8sObject {
  spec: { replicas: number; strategy?: { type: string }; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}
interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface Binding extends K8sObject {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: Array<{ kind: string; name: string; namespace?: string }>;
}
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Array<{ expr?: string; refId?: string; datasource?: { type?: string; uid?: string } }>;
}

/** Every document of a (multi-document) YAML file; a syntax error anywhere fails the parse. */
function parseYamlDocuments(file: string): unknown[] {
  return parseAllDocuments(read(file)).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path.relative(root, file)}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

const manifestFiles = fs
  .readdirSync(deployDir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort();
const objectsByFile = new Map<string, K8sObject[]>(
  manifestFiles.map((f) => [f, parseYamlDocuments(path.join(deployDir, f)).filter((d): d is K8sObject => d !== null && d !== undefined) as K8sObject[]]),
);
const allObjects = [...objectsByFile.values()].flat();
const kustomization = allObjects.find((o) => o.kind === 'Kustomization') as (K8sObject & { resources: string[] }) | undefined;
/** What `kubectl apply -k` applies: the objects of the files kustomization.yaml lists. */
const applied = (kustomization?.resources ?? []).flatMap((f) => objectsByFile.get(f) ?? []);

function find<T extends K8sObject>(kind: string, name: string, from: K8sObject[] = applied): T {
  const found = from.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as T;
}

const deployment = find<Deployment>('Deployment', 'mendbot');
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0]!;
const configMapData = (name: string): Record<string, string> => find<K8sObject & { data: Record<string, string> }>('ConfigMap', name).data;
const mendbotConfig = configMapData('mendbot-config');
const exampleSecret = find<K8sObject & { stringData: Record<string, string> }>('Secret', 'mendbot-secrets', objectsByFile.get('secret.example.yaml') ?? []);

const schemaText = read(path.join(root, 'src', 'config', 'config-env-schema.ts'));
/** The variables mendbot reads: the keys of configEnvSchema, `NAME: envVar('NAME', …)`. */
const knownEnvVars = new Set([...schemaText.matchAll(/^\s+([A-Z][A-Z0-9_]*): envVar\('([A-Z][A-Z0-9_]*)'/gm)].filter((m) => m[1] === m[2]).map((m) => m[1]!));
/**
 * Standard variables that are not mendbot settings but may legitimately appear in the manifests: Node's own,
 * and the in-cluster ones integrations/kubernetes/README.md documents (Kubernetes injects those itself).
 */
const standardEnvVars = new Set(['NODE_ENV', 'NODE_OPTIONS', 'TZ', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']);

const metricsText = read(path.join(root, 'src', 'telemetry', 'create-metrics.ts'));
/** `new Counter|Gauge|Histogram({ name: 'mendbot_…', … labelNames: [...] })` as declared in create-metrics.ts. */
const declaredMetrics = new Map<string, { type: string; labels: string[] }>(
  [...metricsText.matchAll(/new (Counter|Gauge|Histogram)\(\{\s*name: '(mendbot_[a-z0-9_]+)'([\s\S]*?)\}\)/g)].map((m) => {
    const labelList = /labelNames: \[([^\]]*)\]/.exec(m[3]!)?.[1] ?? '';
    return [m[2]!, { type: m[1]!, labels: [...labelList.matchAll(/'([a-z_]+)'/g)].map((l) => l[1]!) }];
  }),
);
/** Labels Prometheus attaches at scrape time (target labels), on top of the ones mendbot exports. */
const targetLabels = ['job', 'instance', 'namespace', 'pod', 'service', 'endpoint', 'container'];

/** Known values of the labels the assets filter on, read from the code that sets them. */
const knownLabelValues: Record<string, Record<string, Set<string>>> = {
  mendbot_runs_total: { outcome: new Set(finalRunStatuses) },
  mendbot_webhook_deliveries_total: {
    outcome: new Set(
      [...read(path.join(root, 'src', 'http', 'create-webhook-router.ts')).matchAll(/finish\(([^;]*)\);/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((v) => v[1]!)),
    ),
  },
  mendbot_guardrail_hits_total: {
    guardrail: new Set([...read(path.join(root, 'src', 'engine', 'admit-run.ts')).matchAll(/guardrail: '([a-z_]+)'/g)].map((m) => m[1]!)),
    outcome: new Set([...read(path.join(root, 'src', 'engine', 'admit-run.ts')).matchAll(/kind: '([a-z_]+)'/g)].map((m) => m[1]!).filter((k) => k !== 'admit')),
  },
  mendbot_store_errors_total: {
    operation: new Set(
      ['src/telemetry/create-metrics.ts', 'src/http/create-app.ts', 'src/http/create-webhook-router.ts'].flatMap((f) =>
        [...read(path.join(root, f)).matchAll(/storeErrors\.inc\(\{ operation: '([a-z_]+)' \}\)/g)].map((m) => m[1]!),
      ),
    ),
  },
};

const rulesDocs = parseYamlDocuments(rulesFile) as Array<{ groups: Array<{ name: string; rules: Rule[] }> }>;
const rules = rulesDocs.flatMap((d) => d.groups.flatMap((g) => g.rules));
const dashboard = JSON.parse(read(dashboardFile)) as Json & { panels: Panel[]; schemaVersion: number; templating: { list: Array<Json & { name: string; type: string }> }; uid: string };

/** The series a PromQL expression selects: metric name plus its label matchers (name, operator, value). */
function selectors(expr: string): Array<{ metric: string; matchers: Array<{ label: string; op: string; value: string }> }> {
  return [...expr.matchAll(/\b(mendbot_[a-z0-9_]+)\b(?:\s*\{([^}]*)\})?/g)].map((m) => ({
    metric: m[1]!,
    matchers: [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((x) => ({ label: x[1]!, op: x[2]!, value: x[3]! })),
  }));
}

/** The metric a (possibly suffixed) series name belongs to, e.g. mendbot_webhook_duration_seconds_bucket → the histogram. */
function baseMetric(series: string): { name: string; suffix: string } | undefined {
  if (declaredMetrics.has(series)) return { name: series, suffix: '' };
  const m = /^(.*)_(bucket|count|sum)$/.exec(series);
  if (m && declaredMetrics.get(m[1]!)?.type === 'Histogram') return { name: m[1]!, suffix: m[2]! };
  return undefined;
}

const allExpressions: Array<{ where: string; expr: string }> = [
  ...rules.map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: r.expr })),
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr ?? '' }))),
];

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
      ['ALERTMANAGER_TOKEN', 'GITHUB_TOKEN', 'MENDBOT_API_TOKEN', 'PAGERDUTY_ROUTING_KEY', 'PAGERDUTY_WEBHOOK_SECRETS', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'].sort(),
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

  it('ships the three example playbooks verbatim in the mendbot-playbooks ConfigMap', () => {
    const playbooksDir = path.join(root, 'playbooks');
    const examples = fs.readdirSync(playbooksDir).filter((f) => f.endsWith('.yaml'));
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

describe('metric names in the dashboard and the alerting rules', () => {
  it('reads the declared metrics and label values from the code', () => {
    expect([...declaredMetrics.keys()]).toEqual(expect.arrayContaining(['mendbot_runs_total', 'mendbot_webhook_duration_seconds', 'mendbot_playbooks_stale']));
    expect(declaredMetrics.get('mendbot_webhook_duration_seconds')).toEqual({ type: 'Histogram', labels: ['source', 'status_code'] });
    expect(knownLabelValues.mendbot_webhook_deliveries_total!.outcome).toEqual(new Set(['accepted', 'duplicate', 'rejected', 'unavailable']));
    expect(knownLabelValues.mendbot_guardrail_hits_total!.outcome).toEqual(new Set(['defer', 'cancel']));
    expect(knownLabelValues.mendbot_guardrail_hits_total!.guardrail).toEqual(new Set(['kill_switch', 'paused', 'resolved', 'budget', 'cooldown', 'locked']));
  });

  it('every mendbot_ series exists in create-metrics.ts (histograms with _bucket/_count/_sum) or among the default process/nodejs metrics', async () => {
    const registered = new Set((await createMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const problems: string[] = [];
    for (const { where, expr } of allExpressions) {
      const found = selectors(expr);
      // Only the scrape-health rules (`up{job="mendbot"}`) may do without a mendbot_ series.
      if (found.length === 0 && !/^(absent\()?up\{job="mendbot"\}/.test(expr)) problems.push(`${where}: selects no mendbot_ series`);
      for (const { metric } of found) {
        const isDefault = /^mendbot_(process|nodejs)_/.test(metric);
        const known = isDefault ? registered.has(metric) || registered.has(metric.replace(/_(bucket|count|sum)$/, '')) : baseMetric(metric) !== undefined;
        if (!known) problems.push(`${where}: ${metric} is not a mendbot metric`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('filters and groups only on labels those metrics have, with values the code sets', () => {
    const problems: string[] = [];
    for (const { where, expr } of allExpressions) {
      for (const { metric, matchers } of selectors(expr)) {
        const base = baseMetric(metric);
        if (!base) continue; // default metrics: no mendbot labels
        const labels = new Set([...declaredMetrics.get(base.name)!.labels, ...targetLabels, ...(base.suffix === 'bucket' ? ['le'] : [])]);
        for (const { label, op, value } of matchers) {
          if (!labels.has(label)) problems.push(`${where}: ${metric} has no label ${label}`);
          const values = knownLabelValues[base.name]?.[label];
          if (!values || value.includes('$')) continue;
          const wanted = op === '=~' || op === '!~' ? value.split('|') : [value];
          for (const v of wanted) if (!values.has(v)) problems.push(`${where}: ${metric}{${label}="${v}"} never happens (known: ${[...values].join(', ')})`);
        }
      }
      // `by (a, b)` groups the first mendbot_ series after it.
      for (const m of expr.matchAll(/\bby\s*\(([^)]*)\)/g)) {
        const next = selectors(expr.slice(m.index! + m[0].length))[0];
        const base = next && baseMetric(next.metric);
        if (!base) continue;
        const labels = new Set([...declaredMetrics.get(base.name)!.labels, ...targetLabels, ...(base.suffix === 'bucket' ? ['le'] : [])]);
        for (const label of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
          if (!labels.has(label)) problems.push(`${where}: groups ${next.metric} by ${label}, which it does not have`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Grafana dashboard (mendbot-dashboard.json)', () => {
  it('parses, with a Prometheus ${datasource} variable and a recent schema', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toBe('mendbot-overview');
    expect(dashboard.templating.list).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' })]));
  });

  it('gives every panel the ${datasource} data source and at least one query target', () => {
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(15);
    for (const panel of dashboard.panels) {
      const where = `panel ${panel.id} "${panel.title}"`;
      expect({ where, datasource: panel.datasource }).toEqual({ where, datasource: { type: 'prometheus', uid: '${datasource}' } });
      expect({ where, targets: (panel.targets ?? []).length > 0 }).toEqual({ where, targets: true });
      for (const t of panel.targets ?? []) {
        expect({ where, expr: typeof t.expr, ref: typeof t.refId, ds: t.datasource?.uid }).toEqual({ where, expr: 'string', ref: 'string', ds: '${datasource}' });
      }
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('covers intake, runs, guardrails and the process', () => {
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')).join('\n');
    for (const series of [
      'mendbot_webhook_deliveries_total',
      'mendbot_alerts_received_total',
      'mendbot_decisions_total',
      'mendbot_open_incidents',
      'mendbot_webhook_duration_seconds_bucket',
      'mendbot_store_errors_total',
      'mendbot_runs_total',
      'mendbot_step_duration_seconds_bucket',
      'mendbot_step_retries_total',
      'mendbot_compensations_total',
      'mendbot_guardrail_hits_total',
      'mendbot_alert_to_first_step_seconds_bucket',
      'mendbot_playbooks_stale',
      'mendbot_process_cpu_seconds_total',
      'mendbot_process_resident_memory_bytes',
    ]) {
      expect(exprs).toContain(series);
    }
    expect(exprs).toMatch(/histogram_quantile\(0\.99, sum by \(source, le\) \(rate\(mendbot_webhook_duration_seconds_bucket/);
    expect(exprs).toMatch(/histogram_quantile\(0\.5, sum by \(source, le\) \(rate\(mendbot_webhook_duration_seconds_bucket/);
  });
});

describe('Prometheus alerting rules (mendbot-alerts.rules.yaml)', () => {
  it('parse as groups of rules', () => {
    expect(rulesDocs).toHaveLength(1);
    expect(rules.length).toBeGreaterThanOrEqual(10);
  });

  it('give every rule an expr, a for, a severity and a summary and description', () => {
    for (const rule of rules) {
      const where = rule.alert ?? '(no alert name)';
      expect({ where, alert: /^Mendbot[A-Za-z]+$/.test(rule.alert ?? '') }).toEqual({ where, alert: true });
      expect({ where, expr: typeof rule.expr === 'string' && rule.expr.trim() !== '' }).toEqual({ where, expr: true });
      expect({ where, for: /^(\d+(ms|s|m|h|d))+$/.test(rule.for ?? '') }).toEqual({ where, for: true });
      expect({ where, severity: ['critical', 'warning', 'info'].includes(rule.labels?.severity ?? '') }).toEqual({ where, severity: true });
      expect({ where, summary: typeof rule.annotations?.summary, description: typeof rule.annotations?.description }).toEqual({ where, summary: 'string', description: 'string' });
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('cover the failure modes of mendbot itself', () => {
    const byName = new Map(rules.map((r) => [r.alert, r.expr]));
    expect(byName.get('MendbotDown')).toBe('up{job="mendbot"} == 0');
    expect(byName.get('MendbotRunsFailing')).toContain('mendbot_runs_total{outcome=~"failed|compensated|needs_attention"}');
    expect(byName.get('MendbotRunNeedsAttention')).toContain('mendbot_runs_total{outcome="needs_attention"}');
    expect(byName.get('MendbotApprovalsExpiring')).toContain('mendbot_approvals_total{decision="expired"}');
    expect(byName.get('MendbotStoreErrors')).toContain('mendbot_store_errors_total');
    expect(byName.get('MendbotWebhookUnavailable')).toContain('mendbot_webhook_deliveries_total{outcome="unavailable"}');
    expect(byName.get('MendbotPlaybookPaused')).toContain('mendbot_guardrail_hits_total{guardrail="paused"}');
    expect(byName.get('MendbotPlaybooksStale')).toContain('mendbot_playbooks_stale');
    expect(byName.get('MendbotHighWebhookLatency')).toContain('mendbot_webhook_duration_seconds_bucket');
  });
});
