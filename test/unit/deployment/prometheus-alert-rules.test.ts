/**
 * The deployment assets (Kubernetes manifests, Grafana dashboard, Prometheus rules) are data, not code: nothing
 * else would notice a renamed env var, metric or label. These tests hold them to the code they describe.
 */
import { loadMonitoringAssets } from './load-monitoring-assets';

const { rulesDocs, rules } = loadMonitoringAssets();

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
