import type { CorrelatedAlert } from '../alerts/alert';
import { createId } from '../create-id';
import type { Delivery } from '../intake/delivery';
import { scopeForReopening } from '../playbooks/scope-for-reopening';
import type { PlannerInput, RunPlanner } from '../runs/run-planner';
import { commonLabelsByCorrelation } from './common-labels-by-correlation';
import { decideAlertChanges, type AlertContext } from './decide-alert-changes';
import type { Decision, DeliveryOutcome } from './decision';
import type { DeliveryChange } from './delivery-change';
import type { DeliveryFacts } from './delivery-facts';
import { DeliveryState } from './delivery-state';
import type { LifecyclePolicy } from './lifecycle-policy';
import { schedulePostmortemOnResolve } from './schedule-postmortem-on-resolve';
import { timelineEntries as entry } from './timeline-entries';

export interface DeliveryInput {
  delivery: Delivery;
  /** The delivery's alerts after correlateDelivery, in delivery order. */
  alerts: CorrelatedAlert[];
  /** Read as deliveryReads(alerts, …) asks, in the same consistent view the changes will be applied in. */
  facts: DeliveryFacts;
  policy: LifecyclePolicy;
  planner?: RunPlanner;
  /** Incident ids; injected so tests are deterministic. */
  newId?: (prefix: string, nowMs: number) => string;
}

export interface DeliveryDecision {
  /** To apply atomically, in order. */
  changes: DeliveryChange[];
  /** Without runsCreated / runsCancelled: only applying the changes tells (the store enforces once per scope). */
  outcome: DeliveryOutcome;
}

/** Decisions after which matching playbooks may start remediation. */
const plannable = new Set(['new_incident', 'attached', 'reopened', 'state_change']);

/**
 * The incident lifecycle of one delivery, written once for every store: from the facts read before it
 * to the writes it makes and the decisions reported. Pure: same input, same changes.
 */
export function decideDelivery(input: DeliveryInput): DeliveryDecision {
  const { delivery: d, policy, planner } = input;
  const now = d.receivedAt;
  const ctx: AlertContext = { deliveryId: d.id, now, policy, state: new DeliveryState(input.facts), changes: [], newId: input.newId ?? createId };
  const decisions: Decision[] = [];
  // Common labels per correlation ID as the source grouped them, before cross-source joins.
  let common: Map<string, Record<string, string>> | undefined;
  const commonLabels = (correlationId: string) => (common ??= commonLabelsByCorrelation(d.alerts)).get(correlationId) ?? {};
  const planned: PlannedRuns = new Map();
  // A group's alerts all publish its key: one change per key and correlation ID, not one per alert.
  const published = new Map<string, string>();
  input.alerts.forEach((alert, i) => {
    for (const joinKey of alert.publishesJoinKeys ?? []) {
      if (published.get(joinKey) === alert.correlationId) continue;
      published.set(joinKey, alert.correlationId);
      ctx.changes.push({ kind: 'publishJoinKey', joinKey, correlationId: alert.correlationId, at: now });
    }
    const decision = decideAlertChanges(ctx, alert);
    decisions.push(decision);
    const incidentId = decision.incidentId;
    if (planner && incidentId && plannable.has(decision.kind)) {
      planRuns(ctx, planner, { alert, decision, incidentId, commonLabels: () => commonLabels(d.alerts[i]!.correlationId) }, planned);
    }
    if (decision.kind === 'state_change' && alert.status === 'resolved' && incidentId) {
      ctx.changes.push({ kind: 'cancelQueuedRuns', incidentId, alertKey: alert.key, reason: `alert ${alert.key} resolved`, at: now });
    }
  });
  if (input.alerts.length === 0) decisions.push({ kind: 'ignored', reason: d.note ?? 'delivery carried no alerts' });
  settleIncidents(ctx);
  ctx.changes.push({ kind: 'insertDelivery', delivery: d, decisions });
  return { changes: ctx.changes, outcome: { deliveryId: d.id, duplicateDelivery: false, decisions } };
}

/** The delivery's insertRun changes by incident|playbook|scope. */
type PlannedRuns = Map<string, Extract<DeliveryChange, { kind: 'insertRun' }>>;

/**
 * Asks the planner about one alert's decision and plans its runs. Seeds of `rerun_on_reopen` playbooks are
 * scoped to the incident's current reopening. A scope already planned by an earlier alert of the delivery
 * gets no second insert (the store would refuse it): the alert is added to that insert's `alsoFor`, so a
 * refusal is reported once per scope and delivery, naming every alert, instead of once per alert.
 */
function planRuns(ctx: AlertContext, planner: RunPlanner, input: PlannerInput & { decision: Decision }, planned: PlannedRuns) {
  const { alert, decision, incidentId } = input;
  const { seeds, trace } = planner(input);
  const correlationId = decision.correlationId ?? alert.correlationId;
  const reopenCount = ctx.state.incident(incidentId).reopenCount;
  for (const proposed of seeds) {
    const seed = { ...proposed, scopeKey: scopeForReopening(proposed, reopenCount) };
    const scope = `${incidentId}|${seed.playbook}|${seed.scopeKey}`;
    const earlier = planned.get(scope);
    if (earlier) {
      (earlier.alsoFor ??= []).push(alert.key);
      continue;
    }
    // A per-incident seed names no alert of its own, so the triggering alert is listed with the others.
    const change = { kind: 'insertRun' as const, incidentId, correlationId, seed, at: ctx.now, alsoFor: seed.alertKey === alert.key ? undefined : [alert.key] };
    planned.set(scope, change);
    ctx.changes.push(change);
  }
  const misses = trace.filter((t) => !t.matched);
  if (misses.length > 0) ctx.changes.push({ kind: 'appendEvent', incidentId, at: ctx.now, entry: entry.playbooksNotMatched(alert.key, misses) });
}

/**
 * Per incident the delivery touched: its counters, one entry for the alerts it attached, one summary of its
 * duplicates, and the resolve rule — an incident resolves when one of its alerts resolved and none fires any
 * more; its postmortem is then scheduled (after the settle time, so a quick reopening defers it) and its queued
 * remediation cancelled.
 */
function settleIncidents(ctx: AlertContext) {
  const { state, changes, now, deliveryId, policy } = ctx;
  for (const [incidentId, t] of state.touches) {
    const incident = state.incident(incidentId);
    incident.firingCount += t.firingDelta;
    changes.push({
      kind: 'touchIncident',
      incidentId,
      at: now,
      alertDelta: t.alertDelta,
      firingDelta: t.firingDelta,
      stateChangeDelta: t.stateChanges,
      deliveryDelta: 1,
      sources: [...t.sources].sort(),
    });
    if (t.joined && t.joined.alerts.length > 1) t.joined.change.entry = entry.alertsJoined(t.joined.alerts, incidentId, deliveryId);
    if (t.duplicates.length > 0) changes.push({ kind: 'appendEvent', incidentId, at: now, entry: entry.duplicatesCounted(t.duplicates, deliveryId) });
    if (!t.mayResolve || incident.status !== 'open' || incident.firingCount !== 0) continue;
    incident.status = 'resolved';
    incident.resolvedAt = now;
    changes.push({ kind: 'resolveIncident', incidentId, correlationId: incident.correlationId, at: now });
    if (t.lastStateDecision) t.lastStateDecision.incidentResolved = true;
    changes.push({ kind: 'appendEvent', incidentId, at: now, entry: entry.incidentResolved(deliveryId) });
    const postmortem = schedulePostmortemOnResolve(incidentId, now, policy);
    if (postmortem) changes.push(postmortem);
    changes.push({ kind: 'cancelQueuedRuns', incidentId, reason: 'incident resolved: remediation no longer needed', at: now });
  }
}
