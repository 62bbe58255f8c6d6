import type { CorrelatedAlert } from '../../core/alerts/alert';
import { createId } from '../../core/create-id';
import { decideAlert } from '../../core/incidents/decide-alert';
import type { Decision, DeliveryOutcome } from '../../core/incidents/decision';
import type { TimelineEventType } from '../../core/incidents/incident';
import type { IncidentTouch as Touch } from '../../core/incidents/incident-touch';
import type { LifecyclePolicy } from '../../core/incidents/lifecycle-policy';
import type { Delivery } from '../../core/intake/delivery';
import type { RunPlanner } from '../../core/runs/run-planner';
import type { RunStatements } from './run-rows';
import type { SqliteStatements } from './sqlite-statements';
import { commonLabelsByCorrelation } from './common-labels-by-correlation';
import { encodeRawBody } from './encode-raw-body';
import { appendEvent, cancelQueuedRuns, insertRunSeed } from './sqlite-runs';

/** Decisions after which matching playbooks may start remediation. */
const plannable = new Set(['new_incident', 'attached', 'reopened', 'state_change']);

/**
 * Applies one delivery. Must run inside a transaction: every read here is followed by writes that depend
 * on it, which is only safe because SQLite serialises writers (BEGIN IMMEDIATE) and the partial unique
 * index refuses a second open incident per correlation ID should anything slip.
 */
export function applyDelivery(
  st: SqliteStatements,
  rs: RunStatements,
  d: Delivery,
  policy: LifecyclePolicy,
  planner?: RunPlanner,
): DeliveryOutcome {
  if (d.dedupeKey !== undefined) {
    const prior = st.deliveryByKey.get(d.dedupeKey) as { id: string } | undefined;
    if (prior) {
      return {
        deliveryId: prior.id,
        duplicateDelivery: true,
        decisions: [{ kind: 'duplicate_delivery', reason: `re-delivery of ${prior.id} (${d.dedupeKey}): nothing changed` }],
      };
    }
  }
  const now = d.receivedAt;
  const touches = new Map<string, Touch>();
  const event = (incidentId: string, type: TimelineEventType, message: string, data: Record<string, unknown>) =>
    st.appendEvent.run({ incidentId, at: now, type, message, data: JSON.stringify(data) });

  const touch = (incidentId: string, sources: string): Touch => {
    let t = touches.get(incidentId);
    if (!t) {
      t = { alertDelta: 0, firingDelta: 0, stateChanges: 0, sources: new Set(JSON.parse(sources) as string[]), duplicates: [], mayResolve: false };
      touches.set(incidentId, t);
    }
    return t;
  };

  const stateChanged = (incidentId: string, correlationId: string, t: Touch, decision: Decision) => {
    t.stateChanges++;
    st.recordStateChange.run(correlationId, now);
    const since = new Date(Date.parse(now) - policy.flappingWindowMs).toISOString();
    const count = st.stateChangesSince.get(correlationId, since) as number;
    if (count >= policy.flappingThreshold && st.markFlapping.run(incidentId).changes > 0) {
      decision.flappingDetected = true;
      event(incidentId, 'flapping_detected', `flapping: ${count} state changes within ${policy.flappingWindowMs / 60000} min`, {
        correlationId,
        count,
      });
    }
  };

  const decisions: Decision[] = [];
  let runsCreated = 0;
  const runsCancelled: Array<{ runId: string; playbook: string }> = [];
  const cancel = (incidentId: string, rows: Array<{ id: string; playbook: string }>, reason: string) => {
    cancelQueuedRuns(rs, st, incidentId, rows.map((r) => r.id), now, reason);
    for (const r of rows) runsCancelled.push({ runId: r.id, playbook: r.playbook });
  };
  const commonLabels = planner ? commonLabelsByCorrelation(d.alerts) : new Map<string, Record<string, string>>();
  for (const raw of d.alerts) {
    const alert = correlate(st, raw);
    const decision = applyAlert(alert);
    decisions.push(decision);
    if (planner && decision.incidentId && plannable.has(decision.kind)) {
      plan(alert, decision, decision.incidentId, commonLabels.get(raw.correlationId) ?? {});
    }
    if (decision.kind === 'state_change' && alert.status === 'resolved' && decision.incidentId) {
      cancel(decision.incidentId, rs.cancelQueuedForAlert.all(decision.incidentId, alert.key) as Array<{ id: string; playbook: string }>, `alert ${alert.key} resolved`);
    }
  }
  if (d.alerts.length === 0) decisions.push({ kind: 'ignored', reason: d.note ?? 'delivery carried no alerts' });

  for (const [incidentId, t] of touches) {
    st.touchIncident.run(now, t.alertDelta, t.firingDelta, t.stateChanges, JSON.stringify([...t.sources].sort()), incidentId);
    st.countDelivery.run(incidentId);
    if (t.duplicates.length > 0) {
      event(incidentId, 'decision', `duplicate: ${t.duplicates.length} alert(s) already recorded, delivery ${d.id} counted`, {
        deliveryId: d.id,
        count: t.duplicates.length,
        alertKeys: t.duplicates.slice(0, 20),
      });
    }
    if (t.mayResolve && st.resolveIfQuiet.run(now, incidentId).changes > 0) {
      if (t.lastStateDecision) t.lastStateDecision.incidentResolved = true;
      event(incidentId, 'incident_resolved', 'incident resolved: all its alerts are resolved', { deliveryId: d.id });
      if (policy.postmortemSettleMs !== undefined) {
        const dueAt = new Date(Date.parse(now) + policy.postmortemSettleMs).toISOString();
        st.schedulePostmortem.run({ incidentId, reason: 'incident resolved', dueAt, now });
      }
      cancel(incidentId, rs.cancelQueuedForIncident.all(incidentId) as Array<{ id: string; playbook: string }>, 'incident resolved: remediation no longer needed');
    }
  }

  st.insertDelivery.run({
    id: d.id,
    source: d.source,
    receivedAt: d.receivedAt,
    dedupeKey: d.dedupeKey ?? null,
    eventType: d.eventType,
    alertCount: d.alerts.length,
    note: d.note ?? null,
    decisions: JSON.stringify(decisions),
    ...encodeRawBody(d.raw),
  });
  return { deliveryId: d.id, duplicateDelivery: false, decisions, runsCreated, runsCancelled };

  function plan(alert: CorrelatedAlert, decision: Decision, incidentId: string, common: Record<string, string>) {
    const { seeds, trace } = planner!({ alert, decision, incidentId, commonLabels: common });
    const correlationId = decision.correlationId ?? alert.correlationId;
    for (const seed of seeds) if (insertRunSeed(rs, st, { id: incidentId, correlationId }, seed, now)) runsCreated++;
    const misses = trace.filter((t) => !t.matched);
    if (misses.length > 0) {
      appendEvent(st, incidentId, now, {
        type: 'playbook_not_matched',
        message: `alert ${alert.key}: ${misses.map((m) => `${m.playbook} (${m.reason})`).join('; ')}`,
        data: { alertKey: alert.key, playbooks: misses },
      });
    }
  }

  function applyAlert(alert: CorrelatedAlert): Decision {
    const c = alert.correlationId;
    const base = { alertKey: alert.key, correlationId: c };
    if (alert.status === null) {
      const known = st.latestAlertByKey.get(alert.key) as { incident_id: string; status: string } | undefined;
      if (!known) return { ...base, kind: 'ignored', reason: `${alert.activity ?? 'activity'} for unknown alert ${alert.key}` };
      const inc = st.incidentById.get(known.incident_id) as { sources: string; correlation_id: string };
      touch(known.incident_id, inc.sources);
      st.seenAlert.run(now, known.incident_id, alert.key);
      const reason = `${alert.source}: ${alert.activity ?? 'activity'}`;
      event(known.incident_id, 'source_activity', reason, { alertKey: alert.key, deliveryId: d.id });
      return { ...base, correlationId: inc.correlation_id, kind: 'activity', incidentId: known.incident_id, reason };
    }

    const latest = st.latestIncident.get(c) as { id: string; status: 'open' | 'resolved'; resolved_at: string | null; sources: string } | undefined;
    const existing = latest
      ? (st.alertInIncident.get(latest.id, alert.key) as { status: 'firing' | 'resolved' } | undefined)
      : undefined;
    const action = decideAlert(
      { incident: latest ? { status: latest.status, resolvedAt: latest.resolved_at } : null, existing: existing ?? null, status: alert.status, now },
      policy,
    );
    const alertRow = {
      key: alert.key,
      source: alert.source,
      fingerprint: alert.fingerprint,
      status: alert.status,
      labels: JSON.stringify(alert.labels),
      annotations: JSON.stringify(alert.annotations),
      startsAt: alert.startsAt,
      endsAt: alert.endsAt ?? null,
      generatorUrl: alert.generatorUrl ?? null,
      summary: alert.summary,
      now,
    };
    // One entry per alert received: what arrived and what was decided about it (the reason), together.
    const received = (incidentId: string, reason: string, kind: string) =>
      event(incidentId, 'alert_received', `alert ${alert.key} ${alert.status} (${alert.summary}): ${reason}`, {
        alertKey: alert.key,
        status: alert.status,
        deliveryId: d.id,
        kind,
      });
    const reopen = (incidentId: string) => {
      st.reopenIncident.run(incidentId);
      st.deferPostmortem.run(incidentId);
      event(incidentId, 'incident_reopened', `incident reopened: ${alert.key} fired again within the reopen window`, { deliveryId: d.id });
    };

    switch (action.kind) {
      case 'ignore':
        return { ...base, kind: 'ignored', reason: `${action.reason} (${alert.key})` };
      case 'activity':
        throw new Error('unreachable: activity is decided above');
      case 'duplicate': {
        const l = latest!;
        const t = touch(l.id, l.sources);
        st.seenAlert.run(now, l.id, alert.key);
        t.duplicates.push(alert.key);
        return { ...base, kind: 'duplicate', incidentId: l.id, reason: `duplicate of alert ${alert.key} in incident ${l.id}` };
      }
      case 'new_incident': {
        const id = createId('inc', Date.parse(now));
        st.insertIncident.run(id, c, alert.summary, now, now, JSON.stringify([alert.source]));
        const t = touch(id, JSON.stringify([alert.source]));
        st.insertAlert.run({ incidentId: id, ...alertRow });
        t.alertDelta++;
        t.firingDelta++;
        const reason = `new incident ${id} for correlation ID ${c}`;
        event(id, 'incident_opened', `incident opened by ${alert.key}: ${alert.summary}`, { correlationId: c, deliveryId: d.id });
        received(id, reason, 'new_incident');
        const decision: Decision = { ...base, kind: 'new_incident', incidentId: id, reason };
        if (latest) stateChanged(id, c, t, decision); // a firing after a resolved incident is a state change for flapping
        return decision;
      }
      case 'attach': {
        const l = latest!;
        const t = touch(l.id, l.sources);
        if (action.reopen) reopen(l.id);
        st.insertAlert.run({ incidentId: l.id, ...alertRow });
        t.alertDelta++;
        if (alert.status === 'firing') t.firingDelta++;
        t.sources.add(alert.source);
        const reason = action.reopen
          ? `incident ${l.id} reopened: new alert ${alert.key} within the reopen window`
          : `alert ${alert.key} joined open incident ${l.id}${alert.status === 'resolved' ? ' (first seen already resolved)' : ''}`;
        received(l.id, reason, action.reopen ? 'reopened' : 'attached');
        const decision: Decision = { ...base, kind: action.reopen ? 'reopened' : 'attached', incidentId: l.id, reason };
        if (action.reopen) stateChanged(l.id, c, t, decision);
        return decision;
      }
      case 'state_change': {
        const l = latest!;
        const t = touch(l.id, l.sources);
        if (action.reopen) reopen(l.id);
        st.updateAlert.run({ incidentId: l.id, ...alertRow });
        t.firingDelta += action.to === 'firing' ? 1 : -1;
        const reason = `alert ${alert.key} ${existing!.status} → ${action.to} in incident ${l.id}${action.reopen ? ' (incident reopened)' : ''}`;
        received(l.id, reason, action.reopen ? 'reopened' : 'state_change');
        const decision: Decision = { ...base, kind: action.reopen ? 'reopened' : 'state_change', incidentId: l.id, reason };
        if (action.to === 'resolved') {
          t.mayResolve = true;
          t.lastStateDecision = decision;
        }
        stateChanged(l.id, c, t, decision);
        return decision;
      }
    }
  }
}

/** Applies cross-source joins: an alert carrying another source's join key lands in that source's incident. */
function correlate(st: SqliteStatements, alert: CorrelatedAlert): CorrelatedAlert {
  let correlationId = alert.correlationId;
  if (alert.joinKey !== undefined) {
    // A published key (sha256 of an Alertmanager group key), or a correlation ID itself (the dedup_key
    // mendbot's own PagerDuty escalations carry).
    const joined = (st.joinKey.get(alert.joinKey) as string | undefined) ?? (st.latestIncident.get(alert.joinKey) ? alert.joinKey : undefined);
    if (joined !== undefined) correlationId = joined;
  }
  for (const key of alert.publishesJoinKeys ?? []) st.publishJoinKey.run(key, correlationId);
  return correlationId === alert.correlationId ? alert : { ...alert, correlationId };
}
