/**
 * The deployment assets (Kubernetes manifests, Grafana dashboard, Prometheus rules) are data, not code: nothing
 * else would notice a renamed env var, metric or label. These tests hold them to the code they describe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { finalRunStatuses } from '../../../src/core/runs/run';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { deploymentPaths } from './deployment-paths';
import { loadMonitoringAssets } from './load-monitoring-assets';

const { root } = deploymentPaths;
const read = (file: string): string => fs.readFileSync(file, 'utf8');
const { rules, dashboard } = loadMonitoringAssets();

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
      [...read(path.join(root, 'src', 'http', 'answer-webhook.ts')).matchAll(/finish\(([^;]*)\);/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((v) => v[1]!)),
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
