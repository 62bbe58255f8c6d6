import { createMetrics } from '../../../src/telemetry/create-metrics';

/** Labelled series exist from start-up at 0, so the first event is an increase `rate()` can see. */
describe('Metrics.knowLabels', () => {
  it('exports fixed label sets at 0 from creation: decision kinds, store operations, guardrail decisions', async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain('mendbot_decisions_total{kind="new_incident"} 0');
    expect(text).toContain('mendbot_decisions_total{kind="duplicate_delivery"} 0');
    expect(text).toContain('mendbot_store_errors_total{operation="record_delivery"} 0');
    expect(text).toContain('mendbot_guardrail_hits_total{guardrail="kill_switch",outcome="defer"} 0');
    expect(text).toContain('mendbot_retention_deleted_total{kind="deliveries"} 0');
  });

  it('exports every source × outcome, playbook × outcome and action once they are known, and keeps counts', async () => {
    const metrics = createMetrics();
    metrics.knowLabels({ sources: ['alertmanager', 'pagerduty'], playbooks: ['restart-pod'], actions: ['http'] });
    metrics.deliveries.inc({ source: 'alertmanager', outcome: 'accepted' });
    metrics.knowLabels({ sources: ['alertmanager'], playbooks: ['restart-pod', 'added-on-reload'] });
    const text = await metrics.registry.metrics();
    expect(text).toContain('mendbot_webhook_deliveries_total{source="alertmanager",outcome="accepted"} 1');
    expect(text).toContain('mendbot_webhook_deliveries_total{source="pagerduty",outcome="unavailable"} 0');
    expect(text).toContain('mendbot_alerts_received_total{source="pagerduty",status="none"} 0');
    expect(text).toContain('mendbot_runs_total{playbook="restart-pod",outcome="needs_attention"} 0');
    expect(text).toContain('mendbot_runs_total{playbook="added-on-reload",outcome="succeeded"} 0');
    expect(text).toContain('mendbot_approvals_total{playbook="restart-pod",decision="expired"} 0');
    expect(text).toContain('mendbot_compensations_total{playbook="restart-pod"} 0');
    expect(text).toContain('mendbot_step_retries_total{action="http"} 0');
  });
});
