import { deflateRawSync } from 'node:zlib';
import type { CorrelatedAlert } from '../../core/alerts/alert';
import type { Decision, DeliveryOutcome } from '../../core/incidents/decision';
import type { LifecyclePolicy } from '../../core/incidents/lifecycle-policy';
import type { Delivery } from '../../core/intake/delivery';
import type { RunPlanner } from '../../core/runs/run-planner';
import { applyMongoAlert, type DeliveryContext } from './apply-mongo-alert';
import type { MongoCollections } from './mongo-collections';
import { claimDedupeKey, finishDedupeKey, leaseCorrelations } from './mongo-intake-locks';
import { cancelQueuedRuns, insertRunSeed, schedulePostmortemDoc } from './mongo-run-writes';
import { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';

/** Decisions after which matching playbooks may start remediation. */
const plannable = new Set(['new_incident', 'attached', 'reopened', 'state_change']);

/**
 * Applies one delivery with the same rules and results as SQLite's applyDelivery, but without a
 * multi-document transaction (they need a replica set, and each one is a round-trip-heavy commit).
 *
 * Where atomicity is weaker than SQLite's single transaction: a crash (or MongoDB failing) between the
 * writes of one delivery leaves some written and some not. The caller then got a 503 (never a 2xx), so
 * the sender retries, and the design keeps the guarantees through that retry:
 *  - one open incident per correlation ID: `open_incidents._id = correlationId`, a duplicate-key insert
 *    refuses a second one whatever happened before (stale claims of resolved incidents are replaced);
 *  - an alert exists once per incident (`alerts._id = incident|key`); a retry sees it and decides
 *    `duplicate`/`state_change` as for any re-delivery;
 *  - once per scope for runs (`run_scopes._id`), dedupe keys (`delivery_keys._id`, see claimDedupeKey);
 *  - timeline seqs are reserved with one atomic $inc, never reused.
 * What a crash mid-delivery CAN leave: counters (deliveryCount, the seen count of an alert) counted by
 * the failed attempt and again by the retry, and the first attempt's timeline entries next to the
 * retry's. Cross-process interleaving is prevented by per-correlation leases (mongo-intake-locks.ts).
 */
export async function applyMongoDelivery(
  c: MongoCollections,
  d: Delivery,
  policy: LifecyclePolicy,
  planner: RunPlanner | undefined,
  owner: string,
): Promise<DeliveryOutcome> {
  if (d.dedupeKey !== undefined) {
    const claim = await claimDedupeKey(c, d.dedupeKey, d.id, d.receivedAt, owner);
    if (claim.kind === 'duplicate') {
      return {
        deliveryId: claim.deliveryId,
        duplicateDelivery: true,
        decisions: [{ kind: 'duplicate_delivery', reason: `re-delivery of ${claim.deliveryId} (${d.dedupeKey}): nothing changed` }],
      };
    }
  }
  const now = d.receivedAt;
  const correlated: CorrelatedAlert[] = [];
  for (const raw of d.alerts) correlated.push(await correlate(c, raw));
  const release = await leaseCorrelations(c, correlated.filter((a) => a.status !== null).map((a) => a.correlationId), owner);
  try {
    const timeline = new TimelineBuffer(c);
    const ctx: DeliveryContext = { c, d, policy, now, timeline, touches: new Map() };
    const decisions: Decision[] = [];
    let runsCreated = 0;
    const runsCancelled: Array<{ runId: string; playbook: string }> = [];
    const commonLabels = planner ? commonLabelsByCorrelation(d.alerts) : new Map<string, Record<string, string>>();
    for (const [i, alert] of correlated.entries()) {
      const decision = await applyMongoAlert(ctx, alert);
      decisions.push(decision);
      const incidentId = decision.incidentId;
      if (planner && incidentId && plannable.has(decision.kind)) {
        const { seeds, trace } = planner({ alert, decision, incidentId, commonLabels: commonLabels.get(d.alerts[i]!.correlationId) ?? {} });
        const correlationId = decision.correlationId ?? alert.correlationId;
        for (const seed of seeds) if (await insertRunSeed(c, timeline, { id: incidentId, correlationId }, seed, now)) runsCreated++;
        const misses = trace.filter((t) => !t.matched);
        if (misses.length > 0) {
          timeline.append(incidentId, now, {
            type: 'playbook_not_matched',
            message: `alert ${alert.key}: ${misses.map((m) => `${m.playbook} (${m.reason})`).join('; ')}`,
            data: { alertKey: alert.key, playbooks: misses },
          });
        }
      }
      if (decision.kind === 'state_change' && alert.status === 'resolved' && incidentId) {
        runsCancelled.push(...(await cancelQueuedRuns(c, timeline, incidentId, alert.key, now, `alert ${alert.key} resolved`)));
      }
    }
    if (d.alerts.length === 0) decisions.push({ kind: 'ignored', reason: d.note ?? 'delivery carried no alerts' });

    for (const [incidentId, t] of ctx.touches) {
      await c.incidents.updateOne(
        { _id: incidentId },
        {
          $set: { lastSeenAt: now, sources: [...t.sources].sort() },
          $inc: { alertCount: t.alertDelta, firingCount: t.firingDelta, stateChanges: t.stateChanges, deliveryCount: 1 },
        },
      );
      if (t.duplicates.length > 0) {
        timeline.append(incidentId, now, {
          type: 'decision',
          message: `duplicate: ${t.duplicates.length} alert(s) already recorded, delivery ${d.id} counted`,
          data: { deliveryId: d.id, count: t.duplicates.length, alertKeys: t.duplicates.slice(0, 20) },
        });
      }
      if (!t.mayResolve) continue;
      const resolved = await c.incidents.findOneAndUpdate(
        { _id: incidentId, status: 'open', firingCount: 0 },
        { $set: { status: 'resolved', resolvedAt: now } },
      );
      if (!resolved) continue;
      // The incident is resolved first, then its open claim removed: a crash in between leaves a stale
      // claim, which the next opening for this correlation ID recognises and replaces.
      await c.openIncidents.deleteOne({ _id: resolved.correlationId, incidentId });
      if (t.lastStateDecision) t.lastStateDecision.incidentResolved = true;
      timeline.append(incidentId, now, { type: 'incident_resolved', message: 'incident resolved: all its alerts are resolved', data: { deliveryId: d.id } });
      if (policy.postmortemSettleMs !== undefined) {
        await schedulePostmortemDoc(c, incidentId, 'incident resolved', new Date(Date.parse(now) + policy.postmortemSettleMs).toISOString(), now);
      }
      runsCancelled.push(...(await cancelQueuedRuns(c, timeline, incidentId, undefined, now, 'incident resolved: remediation no longer needed')));
    }
    await timeline.flush();
    await insertDeliveryDoc(c, d, decisions);
    if (d.dedupeKey !== undefined) await finishDedupeKey(c, d.dedupeKey, d.id);
    return { deliveryId: d.id, duplicateDelivery: false, decisions, runsCreated, runsCancelled };
  } finally {
    await release().catch(() => undefined); // an unreleased lease expires by itself
  }
}

/** Applies cross-source joins, as SQLite's correlate(): a published key, or a correlation ID itself. */
async function correlate(c: MongoCollections, alert: CorrelatedAlert): Promise<CorrelatedAlert> {
  let correlationId = alert.correlationId;
  if (alert.joinKey !== undefined) {
    const published = await c.joinKeys.findOne({ _id: alert.joinKey });
    if (published) correlationId = published.correlationId as string;
    else if ((await c.incidents.countDocuments({ correlationId: alert.joinKey }, { limit: 1 })) > 0) correlationId = alert.joinKey;
  }
  for (const key of alert.publishesJoinKeys ?? []) {
    await c.joinKeys.updateOne({ _id: key }, { $set: { correlationId } }, { upsert: true });
  }
  return correlationId === alert.correlationId ? alert : { ...alert, correlationId };
}

async function insertDeliveryDoc(c: MongoCollections, d: Delivery, decisions: Decision[]): Promise<void> {
  // Large bodies are stored deflated (as in SQLite); the TTL index on receivedAtDate is the retention.
  const big = d.raw.length >= 8192;
  try {
    await c.deliveries.insertOne({
      _id: d.id,
      source: d.source,
      receivedAt: d.receivedAt,
      receivedAtDate: new Date(d.receivedAt),
      dedupeKey: d.dedupeKey ?? null,
      eventType: d.eventType,
      alertCount: d.alerts.length,
      note: d.note ?? null,
      decisions: JSON.stringify(decisions),
      raw: big ? deflateRawSync(Buffer.from(d.raw, 'utf8'), { level: 1 }) : d.raw,
      rawEncoding: big ? 'deflate-raw' : 'utf8',
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // a retry of the same delivery id: already recorded
  }
}

function commonLabelsByCorrelation(alerts: CorrelatedAlert[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const a of alerts) {
    const prev = out.get(a.correlationId);
    if (!prev) out.set(a.correlationId, { ...a.labels });
    else for (const [k, v] of Object.entries(prev)) if (a.labels[k] !== v) delete prev[k];
  }
  return out;
}
