import type { CorrelatedAlert } from '../core/alerts/alert';
import type { CorrelationTemplate } from '../core/alerts/compile-correlation-template';
import type { Clock } from '../core/clock';
import { createId } from '../core/create-id';
import type { DeliveryOutcome } from '../core/incidents/decision';
import type { LifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import type { RunPlanner } from '../core/runs/run-planner';
import type { AlertSource, WebhookRequest } from './alert-source';

export interface IntakeDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  policy: LifecyclePolicy;
  /** Per-source correlation templates; a source without one uses the alert's default correlation ID. */
  correlation: Partial<Record<string, CorrelationTemplate>>;
  /** Matches playbooks inside the delivery's write, so runs exist as soon as the delivery is acknowledged. */
  planner?: RunPlanner;
  /** Called after each commit (wakes the executor, tells chat which incidents changed). */
  afterCommit?: (outcome: DeliveryOutcome) => void;
}

export interface Intake {
  /** verify → parse → correlate → one durable write. Resolves only after the store committed. */
  receive(source: AlertSource, request: WebhookRequest): Promise<DeliveryOutcome>;
}

export function createIntake(deps: IntakeDeps): Intake {
  const { store, clock, log, metrics, policy } = deps;

  return {
    async receive(source, request) {
      source.authenticate(request);
      const parsed = source.parse(request);
      const template = deps.correlation[source.name];
      const alerts: CorrelatedAlert[] = parsed.alerts.map((a) => {
        const rendered = template?.(a);
        if (template && rendered === undefined) {
          // Never drop an alert over a template: fall back to the source's own grouping, and say so.
          log.warn({ alertKey: a.key, source: a.source }, 'correlation template referenced a missing value; using the default correlation ID');
        }
        return { ...a, correlationId: rendered ?? a.defaultCorrelationId };
      });
      const now = clock.now();
      const delivery = {
        id: createId('dlv', now.getTime()),
        source: parsed.source,
        receivedAt: now.toISOString(),
        dedupeKey: parsed.dedupeKey,
        eventType: parsed.eventType,
        alerts,
        note: parsed.note,
        raw: request.rawBody.toString('utf8'),
      };
      const outcome = await store.recordDelivery(delivery, policy, deps.planner);
      deps.afterCommit?.(outcome);

      for (const r of outcome.runsCancelled ?? []) metrics.runs.inc({ playbook: r.playbook, outcome: 'cancelled' });
      for (const a of alerts) metrics.alertsReceived.inc({ source: a.source, status: a.status ?? 'none' });
      for (const d of outcome.decisions) {
        metrics.decisions.inc({ kind: d.kind });
        if (d.flappingDetected) metrics.flapping.inc();
        // Duplicates are the common case in a storm (every flush resends the group): debug, not info.
        log[d.kind === 'duplicate' ? 'debug' : 'info'](
          { deliveryId: outcome.deliveryId, incidentId: d.incidentId, correlationId: d.correlationId, alertKey: d.alertKey, decision: d.kind },
          d.reason,
        );
      }
      return outcome;
    },
  };
}
