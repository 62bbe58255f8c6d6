import type { CorrelatedAlert } from '../../core/alerts/alert';
import { createId } from '../../core/create-id';
import { decideAlert } from '../../core/incidents/decide-alert';
import type { Decision } from '../../core/incidents/decision';
import type { LifecyclePolicy } from '../../core/incidents/lifecycle-policy';
import type { Delivery } from '../../core/intake/delivery';
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import type { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';
import type { IncidentTouch as Touch } from '../../core/incidents/incident-touch';

export interface DeliveryContext {
  c: MongoCollections;
  d: Delivery;
  policy: LifecyclePolicy;
  now: string;
  timeline: TimelineBuffer;
  touches: Map<string, Touch>;
}

const alertId = (incidentId: string, key: string) => `${incidentId}|${key}`;

/** One alert of a delivery: the same decisions, writes and timeline entries as SQLite's applyAlert. */
export async function applyMongoAlert(ctx: DeliveryContext, alert: CorrelatedAlert): Promise<Decision> {
  const { c, d, now, timeline, policy } = ctx;
  const cid = alert.correlationId;
  const base = { alertKey: alert.key, correlationId: cid };
  const event = (incidentId: string, type: string, message: string, data: Record<string, unknown>) => timeline.append(incidentId, now, { type, message, data });
  const touch = (incidentId: string, sources: string[]): Touch => {
    let t = ctx.touches.get(incidentId);
    if (!t) {
      t = { alertDelta: 0, firingDelta: 0, stateChanges: 0, sources: new Set(sources), duplicates: [], mayResolve: false };
      ctx.touches.set(incidentId, t);
    }
    return t;
  };
  const seen = (incidentId: string) => c.alerts.updateOne({ _id: alertId(incidentId, alert.key) }, { $set: { lastSeenAt: now }, $inc: { deliveryCount: 1 } });

  if (alert.status === null) {
    const [known] = await c.alerts.find({ key: alert.key }).sort({ incidentId: -1 }).limit(1).toArray();
    if (!known) return { ...base, kind: 'ignored', reason: `${alert.activity ?? 'activity'} for unknown alert ${alert.key}` };
    const inc = (await c.incidents.findOne({ _id: known.incidentId }))!;
    touch(known.incidentId, inc.sources);
    await seen(known.incidentId);
    const reason = `${alert.source}: ${alert.activity ?? 'activity'}`;
    event(known.incidentId, 'source_activity', reason, { alertKey: alert.key, deliveryId: d.id });
    return { ...base, correlationId: inc.correlationId, kind: 'activity', incidentId: known.incidentId, reason };
  }

  const [latest] = await c.incidents.find({ correlationId: cid }).sort({ _id: -1 }).limit(1).toArray();
  const existing = latest ? await c.alerts.findOne({ _id: alertId(latest._id as string, alert.key) }) : null;
  const action = decideAlert(
    { incident: latest ? { status: latest.status, resolvedAt: latest.resolvedAt ?? null } : null, existing: existing ? { status: existing.status } : null, status: alert.status, now },
    policy,
  );
  const alertFields = { status: alert.status, endsAt: alert.endsAt ?? null, labels: JSON.stringify(alert.labels), annotations: JSON.stringify(alert.annotations), lastSeenAt: now };
  const insertAlert = (incidentId: string) =>
    c.alerts.insertOne({
      _id: alertId(incidentId, alert.key),
      incidentId,
      key: alert.key,
      source: alert.source,
      fingerprint: alert.fingerprint,
      startsAt: alert.startsAt,
      generatorUrl: alert.generatorUrl ?? null,
      summary: alert.summary,
      firstSeenAt: now,
      deliveryCount: 1,
      ...alertFields,
    });
  const received = (incidentId: string, reason: string, kind: string) =>
    event(incidentId, 'alert_received', `alert ${alert.key} ${alert.status} (${alert.summary}): ${reason}`, { alertKey: alert.key, status: alert.status, deliveryId: d.id, kind });
  const reopen = async (incidentId: string) => {
    await claimOpen(c, cid, incidentId);
    await c.incidents.updateOne({ _id: incidentId }, { $set: { status: 'open', resolvedAt: null }, $inc: { reopenCount: 1 } });
    await c.postmortems.updateOne({ _id: incidentId, state: 'pending', reason: 'incident resolved' }, { $set: { state: 'deferred', dueAt: null } });
    event(incidentId, 'incident_reopened', `incident reopened: ${alert.key} fired again within the reopen window`, { deliveryId: d.id });
  };
  const stateChanged = async (incidentId: string, t: Touch, decision: Decision) => {
    t.stateChanges++;
    await c.stateChanges.insertOne({ _id: createId('chg', Date.parse(now)), correlationId: cid, at: now, atDate: new Date(now) });
    const since = new Date(Date.parse(now) - policy.flappingWindowMs).toISOString();
    const count = await c.stateChanges.countDocuments({ correlationId: cid, at: { $gte: since } });
    if (count < policy.flappingThreshold) return;
    const marked = await c.incidents.updateOne({ _id: incidentId, flapping: false }, { $set: { flapping: true } });
    if (marked.modifiedCount === 0) return;
    decision.flappingDetected = true;
    event(incidentId, 'flapping_detected', `flapping: ${count} state changes within ${policy.flappingWindowMs / 60000} min`, { correlationId: cid, count });
  };

  switch (action.kind) {
    case 'ignore':
      return { ...base, kind: 'ignored', reason: `${action.reason} (${alert.key})` };
    case 'activity':
      throw new Error('unreachable: activity is decided above');
    case 'duplicate': {
      const l = latest!;
      const t = touch(l._id as string, l.sources);
      await seen(l._id as string);
      t.duplicates.push(alert.key);
      return { ...base, kind: 'duplicate', incidentId: l._id as string, reason: `duplicate of alert ${alert.key} in incident ${l._id}` };
    }
    case 'new_incident': {
      const id = createId('inc', Date.parse(now));
      await claimOpen(c, cid, id);
      await c.incidents.insertOne(newIncident(id, cid, alert, now));
      const t = touch(id, [alert.source]);
      await insertAlert(id);
      t.alertDelta++;
      t.firingDelta++;
      const reason = `new incident ${id} for correlation ID ${cid}`;
      event(id, 'incident_opened', `incident opened by ${alert.key}: ${alert.summary}`, { correlationId: cid, deliveryId: d.id });
      received(id, reason, 'new_incident');
      const decision: Decision = { ...base, kind: 'new_incident', incidentId: id, reason };
      if (latest) await stateChanged(id, t, decision); // a firing after a resolved incident counts for flapping
      return decision;
    }
    case 'attach': {
      const id = latest!._id as string;
      const t = touch(id, latest!.sources);
      if (action.reopen) await reopen(id);
      await insertAlert(id);
      t.alertDelta++;
      if (alert.status === 'firing') t.firingDelta++;
      t.sources.add(alert.source);
      const reason = action.reopen
        ? `incident ${id} reopened: new alert ${alert.key} within the reopen window`
        : `alert ${alert.key} joined open incident ${id}${alert.status === 'resolved' ? ' (first seen already resolved)' : ''}`;
      received(id, reason, action.reopen ? 'reopened' : 'attached');
      const decision: Decision = { ...base, kind: action.reopen ? 'reopened' : 'attached', incidentId: id, reason };
      if (action.reopen) await stateChanged(id, t, decision);
      return decision;
    }
    case 'state_change': {
      const id = latest!._id as string;
      const t = touch(id, latest!.sources);
      if (action.reopen) await reopen(id);
      await c.alerts.updateOne({ _id: alertId(id, alert.key) }, { $set: alertFields, $inc: { deliveryCount: 1 } });
      t.firingDelta += action.to === 'firing' ? 1 : -1;
      const reason = `alert ${alert.key} ${existing!.status} → ${action.to} in incident ${id}${action.reopen ? ' (incident reopened)' : ''}`;
      received(id, reason, action.reopen ? 'reopened' : 'state_change');
      const decision: Decision = { ...base, kind: action.reopen ? 'reopened' : 'state_change', incidentId: id, reason };
      if (action.to === 'resolved') {
        t.mayResolve = true;
        t.lastStateDecision = decision;
      }
      await stateChanged(id, t, decision);
      return decision;
    }
  }
}

function newIncident(id: string, correlationId: string, alert: CorrelatedAlert, now: string): KeyedDoc {
  return {
    _id: id,
    correlationId,
    status: 'open',
    title: alert.summary,
    openedAt: now,
    resolvedAt: null,
    lastSeenAt: now,
    deliveryCount: 0,
    alertCount: 0,
    firingCount: 0,
    stateChanges: 0,
    reopenCount: 0,
    flapping: false,
    sources: [alert.source],
    timelineSeq: 0,
  };
}

/**
 * The database-enforced "one open incident per correlation ID": inserting `open_incidents._id =
 * correlationId` fails with a duplicate key while another incident holds it. A claim whose incident is
 * missing (crash before the incident was written) or resolved (crash before the claim was removed) is
 * stale and replaced, conditionally, so two writers cannot both replace it.
 */
async function claimOpen(c: MongoCollections, correlationId: string, incidentId: string): Promise<void> {
  try {
    await c.openIncidents.insertOne({ _id: correlationId, incidentId });
    return;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const claim = await c.openIncidents.findOne({ _id: correlationId });
  if (claim?.incidentId === incidentId) return;
  const holder = claim ? await c.incidents.findOne({ _id: claim.incidentId }, { projection: { status: 1 } }) : null;
  if (holder?.status === 'open') throw new Error(`correlation ID ${correlationId} already has open incident ${String(claim!.incidentId)}`);
  const replaced = await c.openIncidents.updateOne({ _id: correlationId, incidentId: claim?.incidentId }, { $set: { incidentId } });
  if (replaced.matchedCount === 0) throw new Error(`correlation ID ${correlationId}: open claim changed concurrently`);
}
