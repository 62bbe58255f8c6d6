import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { initialiseLabelSets, type KnownLabels } from './initialise-label-sets';

/** The Prometheus series mendbot exposes on GET /metrics, all prefixed `mendbot_`. */
export interface Metrics {
  /** The registry to serve on /metrics (`registry.metrics()`, `registry.contentType`). */
  registry: Registry;
  /** `mendbot_alerts_received_total{source, status}`; status is firing, resolved or none (PagerDuty notes). */
  alertsReceived: Counter<'source' | 'status'>;
  /** `mendbot_webhook_deliveries_total{source, outcome}`; outcome is accepted, duplicate, rejected or unavailable. */
  deliveries: Counter<'source' | 'outcome'>;
  /** `mendbot_decisions_total{kind}`: intake decisions (new_incident, attached, duplicate, reopened, …). */
  decisions: Counter<'kind'>;
  /** `mendbot_open_incidents`: kept up to date as incidents open and resolve (see track-open-incidents.ts). */
  openIncidents: Gauge;
  /** `mendbot_webhook_duration_seconds{source, status_code}`: receive → response, persist included. */
  webhookDuration: Histogram<'source' | 'status_code'>;
  /** `mendbot_store_errors_total{operation}`. */
  storeErrors: Counter<'operation'>;
  /** `mendbot_incidents_flapping_total`: incidents newly marked flapping. */
  flapping: Counter;
  /** `mendbot_runs_total{playbook, outcome}`: runs reaching a final status (succeeded, failed, cancelled, dry_run, …). */
  runs: Counter<'playbook' | 'outcome'>;
  /** `mendbot_step_duration_seconds{action, outcome}`: one step, retries included. */
  stepDuration: Histogram<'action' | 'outcome'>;
  /** `mendbot_step_retries_total{action}`. */
  stepRetries: Counter<'action'>;
  /** `mendbot_compensations_total{playbook}`: compensation steps scheduled after a failure. */
  compensations: Counter<'playbook'>;
  /** `mendbot_alert_to_first_step_seconds`: run created (with the alert's delivery) → its first step starts. */
  alertToFirstStep: Histogram;
  /** `mendbot_guardrail_hits_total{guardrail, outcome}`: locked, budget, cooldown, paused, kill_switch, resolved; defer or cancel. */
  guardrailHits: Counter<'guardrail' | 'outcome'>;
  /** `mendbot_approvals_total{playbook, decision}`: approved, rejected, expired. */
  approvals: Counter<'playbook' | 'decision'>;
  /** `mendbot_playbooks_stale`: playbook files that broke and are served from their last good version. */
  playbooksStale: Gauge;
  /** `mendbot_retention_deleted_total{kind}`: deliveries, state_changes, incidents deleted by the retention job. */
  retentionDeleted: Counter<'kind'>;
  /** `mendbot_alertmanager_up{url}`: 1 if the configured Alertmanager answered the last reconciliation round, else 0. */
  alertmanagerUp: Gauge<'url'>;
  /** `mendbot_reconciliation_rounds_total{outcome}`: ok (every peer answered), partial (some did), unavailable (none). */
  reconciliationRounds: Counter<'outcome'>;
  /** `mendbot_reconciliation_resolved_total`: incidents resolved because Alertmanager no longer reports them. */
  reconciliationResolved: Counter;
  /** `mendbot_reconciliation_missed_alerts_total`: alerts Alertmanager reports active that mendbot never received (lost webhooks). */
  reconciliationMissedAlerts: Counter;
  /** `mendbot_alertmanager_last_success_timestamp_seconds`: end of the last round every peer answered. */
  alertmanagerLastSuccess: Gauge;
  /** `mendbot_still_firing_checks_total{verdict}`: firing, not_firing, unknown, not_applicable (before a `still_firing` step). */
  stillFiringChecks: Counter<'verdict'>;
  /**
   * Legacy: counts mendbot_open_incidents at every scrape. The server does not use it (a count per scrape grows
   * with history); it stays for the minimal test wiring in test/helpers/start-test-app.ts until that follows
   * deliveries with trackOpenIncidents too.
   */
  setOpenIncidentsCollector(collect: () => Promise<number> | number): void;
  /**
   * Creates the labelled series these values will have at 0 (sources, playbooks and actions are known only
   * once wired; fixed sets like decision kinds always), so the first event is a visible increase.
   */
  knowLabels(known: KnownLabels): void;
}

/**
 * Builds mendbot's metrics on a registry of its own, never prom-client's global one, so tests (and any
 * process) can build many apps without "metric already registered" errors.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'mendbot_' });

  let countOpenIncidents: (() => Promise<number> | number) | undefined;
  const storeErrors = new Counter({
    name: 'mendbot_store_errors_total',
    help: 'Store operations that failed, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });

  const openIncidents = new Gauge({
    name: 'mendbot_open_incidents',
    help: 'Incidents currently open (kept up to date as incidents open and resolve; re-counted from the store at start-up).',
    registers,
    async collect() {
      // No collector in the server: the gauge is set as state changes, and a scrape costs nothing here.
      if (countOpenIncidents === undefined) return;
      try {
        this.set(await countOpenIncidents());
      } catch {
        // A store outage must not fail the whole scrape (every other series would vanish with it);
        // NaN says "unknown" rather than a stale or zero count. The error count shows from the next scrape.
        this.set(Number.NaN);
        storeErrors.inc({ operation: 'count_open_incidents' });
      }
    },
  });

  const metrics: Metrics = {
    registry,
    runs: new Counter({ name: 'mendbot_runs_total', help: 'Runs that reached a final status, by playbook and outcome.', labelNames: ['playbook', 'outcome'] as const, registers }),
    stepDuration: new Histogram({
      name: 'mendbot_step_duration_seconds',
      help: 'Duration of one remediation step including retries, by action and outcome.',
      labelNames: ['action', 'outcome'] as const,
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    stepRetries: new Counter({ name: 'mendbot_step_retries_total', help: 'Step attempts after the first, by action.', labelNames: ['action'] as const, registers }),
    compensations: new Counter({ name: 'mendbot_compensations_total', help: 'Compensation steps scheduled after a failed step, by playbook.', labelNames: ['playbook'] as const, registers }),
    alertToFirstStep: new Histogram({
      name: 'mendbot_alert_to_first_step_seconds',
      help: 'Latency from a run being created with its alert to its first step starting.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30],
      registers,
    }),
    guardrailHits: new Counter({ name: 'mendbot_guardrail_hits_total', help: 'Guardrail decisions (locked, budget, cooldown, paused, kill_switch, resolved), deferred or cancelled.', labelNames: ['guardrail', 'outcome'] as const, registers }),
    approvals: new Counter({ name: 'mendbot_approvals_total', help: 'Approval decisions by playbook: approved, rejected, expired.', labelNames: ['playbook', 'decision'] as const, registers }),
    playbooksStale: new Gauge({ name: 'mendbot_playbooks_stale', help: 'Playbook files that failed to reload and are served from their last good version.', registers }),
    alertsReceived: new Counter({
      name: 'mendbot_alerts_received_total',
      help: 'Alerts received in webhook deliveries, by source and status.',
      labelNames: ['source', 'status'] as const,
      registers,
    }),
    deliveries: new Counter({
      name: 'mendbot_webhook_deliveries_total',
      help: 'Webhook deliveries, by source and outcome (accepted, duplicate, rejected, unavailable).',
      labelNames: ['source', 'outcome'] as const,
      registers,
    }),
    decisions: new Counter({
      name: 'mendbot_decisions_total',
      help: 'Intake decisions taken for received alerts, by kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    openIncidents,
    webhookDuration: new Histogram({
      name: 'mendbot_webhook_duration_seconds',
      help: 'Time from webhook receipt to response, including the durable write.',
      labelNames: ['source', 'status_code'] as const,
      // From an in-process SQLite commit (about a millisecond) to a struggling store (a second); anything
      // slower lands in +Inf and is an incident of its own.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    storeErrors,
    flapping: new Counter({
      name: 'mendbot_incidents_flapping_total',
      help: 'Incidents newly marked as flapping.',
      registers,
    }),
    retentionDeleted: new Counter({
      name: 'mendbot_retention_deleted_total',
      help: 'Rows the retention job deleted, by kind (deliveries, state_changes, incidents, join_keys, silences).',
      labelNames: ['kind'] as const,
      registers,
    }),
    alertmanagerUp: new Gauge({
      name: 'mendbot_alertmanager_up',
      help: 'Whether the configured Alertmanager answered the last reconciliation round (1) or not (0), by URL.',
      labelNames: ['url'] as const,
      registers,
    }),
    reconciliationRounds: new Counter({
      name: 'mendbot_reconciliation_rounds_total',
      help: 'Reconciliation rounds with Alertmanager, by outcome (ok, partial, unavailable).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    reconciliationResolved: new Counter({
      name: 'mendbot_reconciliation_resolved_total',
      help: 'Incidents resolved by reconciliation because Alertmanager no longer reports their alerts.',
      registers,
    }),
    reconciliationMissedAlerts: new Counter({
      name: 'mendbot_reconciliation_missed_alerts_total',
      help: 'Alerts Alertmanager reports active that mendbot never received (lost webhooks), each counted once.',
      registers,
    }),
    alertmanagerLastSuccess: new Gauge({
      name: 'mendbot_alertmanager_last_success_timestamp_seconds',
      help: 'Unix time of the last reconciliation round every configured Alertmanager answered.',
      registers,
    }),
    stillFiringChecks: new Counter({
      name: 'mendbot_still_firing_checks_total',
      help: 'Checks whether an incident still fires before a still_firing step, by verdict (firing, not_firing, unknown, not_applicable).',
      labelNames: ['verdict'] as const,
      registers,
    }),
    setOpenIncidentsCollector(collect) {
      countOpenIncidents = collect;
    },
    knowLabels(known) {
      initialiseLabelSets(metrics, known);
    },
  };
  initialiseLabelSets(metrics, {});
  return metrics;
}
