import { startMendbot, type RunningMendbot } from '../../helpers/start-mendbot';

/**
 * A fresh process is watchable from its first event: every labelled counter whose label values are known at
 * start-up (sources, outcomes, decision kinds, the playbooks and actions loaded) is exported at 0, so
 * `rate()`/`increase()` see the first delivery, failure or run as an increase instead of a new series.
 */
describe('GET /metrics right after start', () => {
  let mendbot: RunningMendbot | undefined;
  afterEach(async () => {
    await mendbot?.stop();
  });

  it('exports the known label sets at 0 before anything happened', async () => {
    // The example playbooks in ./playbooks, with the allowlist the dry-run example's exec step needs (as the
    // deployment manifests set it): without it that playbook is refused at load, as `mendbot validate` says.
    mendbot = await startMendbot({ env: { MENDBOT_EXEC_ALLOWLIST: '/usr/local/bin/cleanup-logs' } });
    const text = await (await fetch(`${mendbot.url}/metrics`)).text();
    for (const series of [
      'mendbot_webhook_deliveries_total{source="alertmanager",outcome="accepted"} 0',
      'mendbot_webhook_deliveries_total{source="pagerduty",outcome="unavailable"} 0',
      'mendbot_alerts_received_total{source="alertmanager",status="firing"} 0',
      'mendbot_decisions_total{kind="new_incident"} 0',
      'mendbot_decisions_total{kind="duplicate_delivery"} 0',
      'mendbot_store_errors_total{operation="record_delivery"} 0',
      'mendbot_runs_total{playbook="clean-disk-dry-run",outcome="succeeded"} 0',
      'mendbot_runs_total{playbook="restart-crashlooping-deployment",outcome="failed"} 0',
      'mendbot_approvals_total{playbook="rollback-checkout-on-high-error-rate",decision="expired"} 0',
      'mendbot_step_retries_total{action="http"} 0',
      'mendbot_guardrail_hits_total{guardrail="budget",outcome="cancel"} 0',
    ]) {
      expect(text).toContain(series);
    }
  });
});
