import { createId } from '../../core/create-id';
import type { Decision } from '../../core/incidents/decision';
import type { AlertWrite, DeliveryChange } from '../../core/incidents/delivery-change';
import { timelineEntries } from '../../core/incidents/timeline-entries';
import type { Delivery } from '../../core/intake/delivery';
import type { AppliedRuns } from '../applied-runs';
import { encodeRawBody } from '../encode-raw-body';
import { claimOpenIncident } from './claim-open-incident';
import { mongoAlertId } from './mongo-alert-id';
import type { MongoCollections } from './mongo-collections';
import { mongoRunScopeId } from './mongo-run-scope-id';
import { cancelQueuedRuns, insertRunSeed, schedulePostmortemDoc } from './mongo-run-writes';
import { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';

/**
 * Writes a delivery's (or a manual resolve's) changes in order, without a multi-document transaction (see
 * recordMongoDelivery for what a crash in between leaves and why a retry is safe). Incidents open and
 * reopen only through the `open_incidents` claim; timeline entries are buffered and appended per incident
 * just before the delivery itself is recorded (or at the end). Reports the runs actually created (a
 * refused one is said in the timeline with the run holding the scope) and cancelled.
 */
export async function applyMongoChanges(c: MongoCollections, changes: DeliveryChange[]): Promise<AppliedRuns> {
  const timeline = new TimelineBuffer(c);
  let runsCreated = 0;
  const runsCancelled: AppliedRuns['runsCancelled'] = [];
  for (const ch of changes) {
    switch (ch.kind) {
      case 'publishJoinKey':
        // touchedAt is renewed by every delivery (SQLite renews it hourly, to spare its pages).
        await c.joinKeys.updateOne({ _id: ch.joinKey }, { $set: { correlationId: ch.correlationId }, $max: { touchedAt: new Date(ch.at) } }, { upsert: true });
        break;
      case 'insertIncident':
        await claimOpenIncident(c, ch.correlationId, ch.incidentId);
        await c.incidents.insertOne({
          _id: ch.incidentId,
          correlationId: ch.correlationId,
          status: 'open',
          title: ch.title,
          openedAt: ch.at,
          resolvedAt: null,
          lastSeenAt: ch.at,
          deliveryCount: 0,
          alertCount: 0,
          firingCount: 0,
          stateChanges: 0,
          reopenCount: 0,
          flapping: false,
          sources: [ch.source],
          timelineSeq: 0,
        });
        break;
      case 'reopenIncident':
        await claimOpenIncident(c, ch.correlationId, ch.incidentId);
        await c.incidents.updateOne({ _id: ch.incidentId }, { $set: { status: 'open', resolvedAt: null }, $inc: { reopenCount: 1 } });
        break;
      case 'deferPostmortem':
        await c.postmortems.updateOne({ _id: ch.incidentId, state: 'pending', reason: ch.reason }, { $set: { state: 'deferred', dueAt: null } });
        break;
      case 'insertAlert':
        await c.alerts.insertOne({
          _id: mongoAlertId(ch.incidentId, ch.alert.key),
          incidentId: ch.incidentId,
          key: ch.alert.key,
          source: ch.alert.source,
          fingerprint: ch.alert.fingerprint,
          startsAt: ch.alert.startsAt,
          generatorUrl: ch.alert.generatorUrl ?? null,
          summary: ch.alert.summary,
          firstSeenAt: ch.at,
          deliveryCount: 1,
          ...alertFields(ch.alert, ch.at),
        });
        break;
      case 'updateAlert':
        await c.alerts.updateOne({ _id: mongoAlertId(ch.incidentId, ch.alert.key) }, { $set: alertFields(ch.alert, ch.at), $inc: { deliveryCount: 1 } });
        break;
      case 'alertSeen': {
        const set = ch.eventAt === undefined ? { lastSeenAt: ch.at } : { lastSeenAt: ch.at, lastEventAt: ch.eventAt };
        await c.alerts.updateOne({ _id: mongoAlertId(ch.incidentId, ch.alertKey) }, { $set: set, $inc: { deliveryCount: 1 } });
        break;
      }
      case 'recordStateChange':
        await c.stateChanges.insertOne({ _id: createId('chg', Date.parse(ch.at)), correlationId: ch.correlationId, at: ch.at, atDate: new Date(ch.at) });
        break;
      case 'markFlapping':
        await c.incidents.updateOne({ _id: ch.incidentId }, { $set: { flapping: true } });
        break;
      case 'appendEvent':
        timeline.append(ch.incidentId, ch.at, ch.entry);
        break;
      case 'insertRun': {
        if (await insertRunSeed(c, timeline, { id: ch.incidentId, correlationId: ch.correlationId }, ch.seed, ch.at)) {
          runsCreated++;
          break;
        }
        const holder = await runOfScope(c, ch.incidentId, ch.seed.playbook, ch.seed.scopeKey);
        timeline.append(ch.incidentId, ch.at, timelineEntries.runNotRepeated(ch.seed, ch.alsoFor ?? [], holder));
        break;
      }
      case 'cancelQueuedRuns':
        runsCancelled.push(...(await cancelQueuedRuns(c, timeline, ch.incidentId, ch.alertKey, ch.at, ch.reason)));
        break;
      case 'touchIncident':
        await c.incidents.updateOne(
          { _id: ch.incidentId },
          {
            $set: { lastSeenAt: ch.at, sources: ch.sources },
            $inc: { alertCount: ch.alertDelta, firingCount: ch.firingDelta, stateChanges: ch.stateChangeDelta, deliveryCount: ch.deliveryDelta },
          },
        );
        break;
      case 'resolveIncident':
        // The incident is resolved first, then its open claim removed: a crash in between leaves a stale
        // claim, which the next opening for this correlation ID recognises and replaces.
        await c.incidents.updateOne({ _id: ch.incidentId }, { $set: { status: 'resolved', resolvedAt: ch.at } });
        await c.openIncidents.deleteOne({ _id: ch.correlationId, incidentId: ch.incidentId });
        break;
      case 'resolveAlerts':
        await c.alerts.updateMany(
          { _id: { $in: ch.alertKeys.map((k) => mongoAlertId(ch.incidentId, k)) } },
          { $set: { status: 'resolved', endsAt: ch.at } },
        );
        await c.incidents.updateOne({ _id: ch.incidentId }, { $inc: { firingCount: -ch.alertKeys.length } });
        break;
      case 'schedulePostmortem':
        await schedulePostmortemDoc(c, ch.incidentId, ch.reason, ch.dueAt, ch.at);
        break;
      case 'insertDelivery':
        await timeline.flush();
        await insertDeliveryDoc(c, ch.delivery, ch.decisions);
        break;
      default:
        throw new Error(`unknown change ${JSON.stringify(ch satisfies never)}`);
    }
  }
  await timeline.flush(); // nothing left unless the list lacked its insertDelivery
  return { runsCreated, runsCancelled };
}

function alertFields(a: AlertWrite, now: string) {
  const fields = { status: a.status, endsAt: a.endsAt ?? null, labels: JSON.stringify(a.labels), annotations: JSON.stringify(a.annotations), lastSeenAt: now };
  return a.occurredAt === undefined ? fields : { ...fields, lastEventAt: a.occurredAt };
}

/** The run holding (incident, playbook, scope), through its `run_scopes` claim. */
async function runOfScope(c: MongoCollections, incidentId: string, playbook: string, scopeKey: string): Promise<{ runId: string; status: string } | null> {
  const claim = await c.runScopes.findOne({ _id: mongoRunScopeId(incidentId, playbook, scopeKey) });
  const run = claim ? await c.runs.findOne({ _id: String(claim.runId) }, { projection: { status: 1 } }) : null;
  return run ? { runId: run._id, status: String(run.status) } : null;
}

async function insertDeliveryDoc(c: MongoCollections, d: Delivery, decisions: Decision[]): Promise<void> {
  // Large bodies are stored deflated (as in SQLite); the TTL index on receivedAtDate is the retention.
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
      ...encodeRawBody(d.raw),
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // a retry of the same delivery id: already recorded
  }
}
