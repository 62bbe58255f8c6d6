import type { CorrelatedAlert } from '../alerts/alert';
import { decideAlert } from './decide-alert';
import type { Decision } from './decision';
import type { AlertWrite, DeliveryChange, TimelineEntry } from './delivery-change';
import type { IncidentFacts, OccurrenceFacts } from './delivery-facts';
import type { DeliveryState } from './delivery-state';
import type { IncidentTouch } from './incident-touch';
import type { LifecyclePolicy } from './lifecycle-policy';
import { timelineEntries as entry } from './timeline-entries';

export interface AlertContext {
  deliveryId: string;
  now: string;
  policy: LifecyclePolicy;
  state: DeliveryState;
  changes: DeliveryChange[];
  newId: (prefix: string, nowMs: number) => string;
}

/** The reason a resolution's postmortem is scheduled with; a reopening defers only that one. */
export const postmortemOnResolve = 'incident resolved';

/**
 * Decides one (correlated) alert of a delivery against the state so far: appends its writes to
 * `ctx.changes`, plays them forward in `ctx.state`, and returns the decision. Counters and the resolve
 * rule are settled per incident after the whole delivery (settleIncidents).
 */
export function decideAlertChanges(ctx: AlertContext, alert: CorrelatedAlert): Decision {
  const { state, changes, now, deliveryId } = ctx;
  // Run for every alert of every delivery (50 times per storm group), so written without per-alert closures
  // or copies of the alert: decisions keep their key order (alertKey, correlationId, kind, incidentId, reason).
  if (alert.status === null) return decideActivity(ctx, alert);

  const latest = state.latestIncident(alert.correlationId);
  const existing = latest ? state.alertStatus(latest.id, alert.key) : null;
  // What decides staleness, looked up only when it can matter: an unstamped resolved copy is never stale,
  // and an alert the latest incident of its correlation ID holds as firing is that occurrence, still firing
  // (a storm's repeats, the hot path, need no lookup).
  const occurrence = alert.occurredAt !== undefined || (alert.status === 'firing' && existing !== 'firing') ? state.occurrence(alert.key) : null;
  const action = decideAlert(
    {
      incident: latest ? { status: latest.status, resolvedAt: latest.resolvedAt } : null,
      existing: existing ? { status: existing } : null,
      status: alert.status,
      now,
      occurrence,
      occurredAt: alert.occurredAt,
    },
    ctx.policy,
  );
  // An alert with a status is stored as it is: AlertWrite only narrows the type.
  const written: AlertWrite = withStatus(alert);
  const received = (incidentId: string, reason: string, kind: string) => event(ctx, incidentId, entry.alertReceived(alert, reason, kind, deliveryId));

  switch (action.kind) {
    case 'ignore':
      return { alertKey: alert.key, correlationId: alert.correlationId, kind: 'ignored', reason: `${action.reason} (${alert.key})` };
    case 'stale':
      return stale(ctx, alert, action.reason, occurrence!);
    case 'activity':
      throw new Error('unreachable: activity is decided above');
    case 'duplicate': {
      const id = latest!.id;
      state.touch(id).duplicates.push(alert.key);
      state.eventApplied(alert.key, alert.occurredAt);
      changes.push({ kind: 'alertSeen', incidentId: id, alertKey: alert.key, at: now, ...eventAt(alert) });
      return { alertKey: alert.key, correlationId: alert.correlationId, kind: 'duplicate', incidentId: id, reason: `duplicate of alert ${alert.key} in incident ${id}` };
    }
    case 'new_incident': {
      const id = ctx.newId('inc', Date.parse(now));
      const c = alert.correlationId;
      changes.push({ kind: 'insertIncident', incidentId: id, correlationId: c, title: alert.summary, source: alert.source, at: now });
      state.openIncident({ id, correlationId: c, status: 'open', resolvedAt: null, firingCount: 0, flapping: false, sources: [alert.source], reopenCount: 0 });
      const t = state.touch(id);
      changes.push({ kind: 'insertAlert', incidentId: id, alert: written, at: now });
      state.putAlert(id, alert.key, alert.status, alert.occurredAt);
      t.alertDelta++;
      t.firingDelta++;
      const reason = `new incident ${id} for correlation ID ${c}`;
      event(ctx, id, entry.incidentOpened(alert, deliveryId));
      received(id, reason, 'new_incident');
      const decision: Decision = { alertKey: alert.key, correlationId: c, kind: 'new_incident', incidentId: id, reason };
      if (latest) stateChanged(ctx, alert, id, t, decision); // a firing after a resolved incident is a state change for flapping
      return decision;
    }
    case 'attach': {
      const id = latest!.id;
      const t = state.touch(id);
      if (action.reopen) reopen(ctx, latest!, alert.key);
      changes.push({ kind: 'insertAlert', incidentId: id, alert: written, at: now });
      state.putAlert(id, alert.key, alert.status, alert.occurredAt);
      t.alertDelta++;
      if (alert.status === 'firing') t.firingDelta++;
      t.sources.add(alert.source);
      const reason = action.reopen
        ? `incident ${id} reopened: new alert ${alert.key} within the reopen window`
        : `alert ${alert.key} joined open incident ${id}${alert.status === 'resolved' ? ' (first seen already resolved)' : ''}`;
      if (action.reopen) received(id, reason, 'reopened');
      else joined(ctx, t, id, alert, reason);
      const decision: Decision = { alertKey: alert.key, correlationId: alert.correlationId, kind: action.reopen ? 'reopened' : 'attached', incidentId: id, reason };
      if (action.reopen) stateChanged(ctx, alert, id, t, decision);
      return decision;
    }
    case 'state_change': {
      const id = latest!.id;
      const t = state.touch(id);
      if (action.reopen) reopen(ctx, latest!, alert.key);
      changes.push({ kind: 'updateAlert', incidentId: id, alert: written, at: now });
      state.putAlert(id, alert.key, action.to, alert.occurredAt);
      t.firingDelta += action.to === 'firing' ? 1 : -1;
      const reason = `alert ${alert.key} ${existing!} → ${action.to} in incident ${id}${action.reopen ? ' (incident reopened)' : ''}`;
      received(id, reason, action.reopen ? 'reopened' : 'state_change');
      const decision: Decision = { alertKey: alert.key, correlationId: alert.correlationId, kind: action.reopen ? 'reopened' : 'state_change', incidentId: id, reason };
      if (action.to === 'resolved') {
        t.mayResolve = true;
        t.lastStateDecision = decision;
      }
      stateChanged(ctx, alert, id, t, decision);
      return decision;
    }
  }
}

/** An alert that reports no state (PagerDuty activity): it changes no state, only its event time can make it stale. */
function decideActivity(ctx: AlertContext, alert: CorrelatedAlert): Decision {
  const { state, changes, now, deliveryId } = ctx;
  const known = state.incidentOfKey(alert.key);
  const occurrence = alert.occurredAt !== undefined ? state.occurrence(alert.key) : null;
  // Only whether the alert is known matters for activity, not its status.
  const activity = decideAlert({ incident: null, existing: known ? { status: 'firing' } : null, status: null, now, occurrence, occurredAt: alert.occurredAt }, ctx.policy);
  if (activity.kind === 'stale') return stale(ctx, alert, activity.reason, occurrence!);
  if (!known) return { alertKey: alert.key, correlationId: alert.correlationId, kind: 'ignored', reason: `${alert.activity ?? 'activity'} for unknown alert ${alert.key}` };
  state.touch(known.id);
  state.eventApplied(alert.key, alert.occurredAt);
  changes.push({ kind: 'alertSeen', incidentId: known.id, alertKey: alert.key, at: now, ...eventAt(alert) });
  const reason = `${alert.source}: ${alert.activity ?? 'activity'}`;
  event(ctx, known.id, entry.sourceActivity(alert.key, reason, deliveryId));
  return { alertKey: alert.key, correlationId: known.correlationId, kind: 'activity', incidentId: known.id, reason };
}

/**
 * An alert attached to an open incident: the first of a delivery gets its own entry, as a lone alert always
 * did; the others of the same delivery are added to that entry (rewritten in settleIncidents) instead of one
 * entry each — a 50-alert group wrote 50 nearly identical lines, half the rows of its transaction. Each
 * alert's own decision and reason stay in the delivery's decisions.
 */
function joined(ctx: AlertContext, t: IncidentTouch, incidentId: string, alert: CorrelatedAlert, reason: string): void {
  if (t.joined) {
    t.joined.alerts.push(alert);
    return;
  }
  const change = { kind: 'appendEvent' as const, incidentId, at: ctx.now, entry: entry.alertReceived(alert, reason, 'attached', ctx.deliveryId) };
  ctx.changes.push(change);
  t.joined = { alerts: [alert], change };
}

function event(ctx: AlertContext, incidentId: string, e: TimelineEntry): void {
  ctx.changes.push({ kind: 'appendEvent', incidentId, at: ctx.now, entry: e });
}

/** A stale copy is applied to nothing: no alert write, no counter, no state change; only said. */
function stale(ctx: AlertContext, alert: CorrelatedAlert, reason: string, occurrence: OccurrenceFacts): Decision {
  event(ctx, occurrence.incidentId, entry.staleEvent(alert, reason, ctx.deliveryId));
  return { alertKey: alert.key, correlationId: alert.correlationId, kind: 'stale', incidentId: occurrence.incidentId, reason: `stale copy of alert ${alert.key}: ${reason}` };
}

function reopen(ctx: AlertContext, l: IncidentFacts, alertKey: string): void {
  l.status = 'open';
  l.resolvedAt = null;
  l.reopenCount++;
  ctx.changes.push({ kind: 'reopenIncident', incidentId: l.id, correlationId: l.correlationId });
  ctx.changes.push({ kind: 'deferPostmortem', incidentId: l.id, reason: postmortemOnResolve });
  event(ctx, l.id, entry.incidentReopened(alertKey, ctx.deliveryId));
}

function stateChanged(ctx: AlertContext, alert: CorrelatedAlert, incidentId: string, t: IncidentTouch, decision: Decision): void {
  t.stateChanges++;
  ctx.changes.push({ kind: 'recordStateChange', correlationId: alert.correlationId, at: ctx.now });
  const count = ctx.state.countStateChange(alert.correlationId);
  const incident = ctx.state.incident(incidentId);
  if (count < ctx.policy.flappingThreshold || incident.flapping) return;
  incident.flapping = true;
  ctx.changes.push({ kind: 'markFlapping', incidentId });
  decision.flappingDetected = true;
  event(ctx, incidentId, entry.flappingDetected(alert.correlationId, count, ctx.policy.flappingWindowMs));
}

function withStatus(alert: CorrelatedAlert): AlertWrite {
  if (alert.status === null) throw new Error('unreachable: an activity-only alert is never written');
  return alert as AlertWrite;
}

/** The event time an alertSeen change carries, when the source gave one. */
function eventAt(alert: CorrelatedAlert): { eventAt?: string } {
  return alert.occurredAt !== undefined ? { eventAt: alert.occurredAt } : {};
}
