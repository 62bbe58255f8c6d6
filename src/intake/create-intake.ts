import type { CorrelatedAlert } from '../core/alerts/alert';
import type { CorrelationTemplate } from '../core/alerts/compile-correlation-template';
import type { Clock } from '../core/clock';
import { createId } from '../core/create-id';
import type { DeliveryOutcome } from '../core/incidents/decision';
import type { LifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { Store } from '../store/store';
import { hotPathLogger, type Logger } from '../telemetry/create-logger';
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
  const { store, clock, metrics, policy } = deps;
  // Every intake line below is built from ids, counts and enum values: see hotPathLogger.
  const log = hotPathLogger(deps.log);

  return {
    async receive(source, request) {
      source.authenticate(request);
      const parsed = source.parse(request);
      const template = deps.correlation[source.name];
      // The parsed alerts are this delivery's own: each gets its correlation ID in place, not a copy.
      const alerts: CorrelatedAlert[] = parsed.alerts.map((a) => {
        if (!template) return Object.assign(a, { correlationId: a.defaultCorrelationId });
        const rendered = template(a);
        if (rendered === undefined) {
          // Never drop an alert over a template: fall back to the source's own grouping, and say so.
          log.warn({ alertKey: a.key, source: a.source }, 'correlation template referenced a missing value; using the default correlation ID');
        }
        return Object.assign(a, { correlationId: rendered ?? a.defaultCorrelationId });
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
        // The text the source parsed, when it did: decoded once, and what parsedRaw was read from.
        raw: parsed.body?.text ?? request.rawBody.toString('utf8'),
        parsedRaw: parsed.body?.json,
      };
      const outcome = await store.recordDelivery(delivery, policy, deps.planner);
      deps.afterCommit?.(outcome);

      for (const r of outcome.runsCancelled ?? []) metrics.runs.inc({ playbook: r.playbook, outcome: 'cancelled' });
      countMetrics(metrics, alerts, outcome);
      logDelivery(log, delivery.source, alerts.length, outcome);
      return outcome;
    },
  };
}

/**
 * One increment per run of alerts with the same source and status, not per alert: a 50-alert group is one or two.
 * Runs, not a map keyed by both: a key string built and hashed per alert was ~14 µs of a 50-alert group.
 */
function countMetrics(metrics: Metrics, alerts: CorrelatedAlert[], outcome: DeliveryOutcome) {
  for (let i = 0; i < alerts.length; ) {
    const { source } = alerts[i]!;
    const status = alerts[i]!.status ?? 'none';
    let n = 0;
    for (; i < alerts.length && alerts[i]!.source === source && (alerts[i]!.status ?? 'none') === status; i++) n++;
    metrics.alertsReceived.inc({ source, status }, n);
  }
  const kinds = new Map<string, number>();
  for (const d of outcome.decisions) {
    kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
    if (d.flappingDetected) metrics.flapping.inc();
  }
  for (const [kind, n] of kinds) metrics.decisions.inc({ kind }, n);
}

/** Incident ids named in a delivery's line; the count is always given, and debug has every alert. */
const idsShown = 10;

/**
 * One info line per delivery: its counts by decision and the incidents it touched. The per-alert detail
 * (which alert, which incident, why) is at debug, so a storm's 50-alert group is one line, not fifty.
 */
function logDelivery(log: Logger, source: string, alertCount: number, outcome: DeliveryOutcome) {
  const decisions: Record<string, number> = {};
  const incidentIds = new Set<string>();
  for (const d of outcome.decisions) {
    decisions[d.kind] = (decisions[d.kind] ?? 0) + 1;
    if (d.incidentId) incidentIds.add(d.incidentId);
  }
  const ids = [...incidentIds];
  log.info(
    {
      deliveryId: outcome.deliveryId,
      source,
      alerts: alertCount,
      duplicateDelivery: outcome.duplicateDelivery,
      decisions,
      incidents: ids.length,
      incidentIds: ids.slice(0, idsShown),
      runsCreated: outcome.runsCreated ?? 0,
      runsCancelled: outcome.runsCancelled?.length ?? 0,
    },
    `delivery recorded: ${Object.entries(decisions)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}`,
  );
  if (!log.isLevelEnabled('debug')) return;
  for (const d of outcome.decisions) {
    log.debug({ deliveryId: outcome.deliveryId, incidentId: d.incidentId, correlationId: d.correlationId, alertKey: d.alertKey, decision: d.kind }, d.reason);
  }
}
