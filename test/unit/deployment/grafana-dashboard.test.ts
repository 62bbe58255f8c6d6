/**
 * The deployment assets (Kubernetes manifests, Grafana dashboard, Prometheus rules) are data, not code: nothing
 * else would notice a renamed env var, metric or label. These tests hold them to the code they describe.
 */
import { loadMonitoringAssets } from './load-monitoring-assets';

const { dashboard } = loadMonitoringAssets();

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
