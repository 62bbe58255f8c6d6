import type { AlertWrite, DeliveryChange } from '../../core/incidents/delivery-change';
import { timelineEntries } from '../../core/incidents/timeline-entries';
import type { AppliedRuns } from '../applied-runs';
import type { AlertColumnValues } from './alert-columns';
import { encodeDecisions } from './delivery-decisions';
import type { EncodedBody } from './body-encoding';
import type { RunStatements } from './run-rows';
import { publishSqliteJoinKey } from './publish-sqlite-join-key';
import { SqliteRowBatch } from './sqlite-row-batch';
import type { SqliteStatements } from './sqlite-statements';
import { appendEvent, cancelQueuedRuns, insertRunSeed } from './sqlite-runs';
import { storeDeliveryBody } from './store-delivery-body';

type QueuedRun = { id: string; playbook: string };

/** Changes written through the row batch, or to a table nothing in the batch depends on. */
const batchable = new Set<DeliveryChange['kind']>(['insertAlert', 'appendEvent', 'publishJoinKey']);

/**
 * Writes a delivery's (or a manual resolve's) changes, in order, inside the caller's transaction (the one
 * the facts were read in). Reports the runs it actually created (the unique index keeps one per scope;
 * a refused one is said in the timeline with the run holding the scope) and cancelled (queued = pending
 * or awaiting approval, not leased, not continue-on-resolve: read now).
 *
 * New alerts and timeline entries are held in a SqliteRowBatch and written together before the next change
 * of any other kind (and at the end), so the rows every later statement sees are those the changes listed
 * before it. The raw body is stored first, once
 * per distinct text, and alerts point into it (storeDeliveryBody; `encoded` is that body made beforehand).
 */
export function applySqliteChanges(st: SqliteStatements, rs: RunStatements, changes: DeliveryChange[], encoded?: EncodedBody): AppliedRuns {
  let runsCreated = 0;
  const runsCancelled: AppliedRuns['runsCancelled'] = [];
  const batch = new SqliteRowBatch(st.rowInserts);
  const { bodyId, columns } = storeDeliveryBody(st.bodies, changes, encoded);
  const correlationOf = openedCorrelations(changes);
  const touches = touchesOfOpened(changes);
  for (const ch of changes) {
    if (!batchable.has(ch.kind)) batch.flush();
    switch (ch.kind) {
      case 'publishJoinKey':
        // A pair already stored is not written again (see publishSqliteJoinKey).
        publishSqliteJoinKey(st, ch.joinKey, ch.correlationId, Date.parse(ch.at));
        break;
      case 'insertIncident': {
        const touch = touches.get(ch.incidentId);
        const counters = touch ? { ...touch, sources: JSON.stringify(touch.sources) } : { ...untouched, at: ch.at, sources: JSON.stringify([ch.source]) };
        st.insertIncident.run({ ...counters, incidentId: ch.incidentId, correlationId: ch.correlationId, title: ch.title, openedAt: ch.at });
        batch.opened(ch.incidentId);
        break;
      }
      case 'reopenIncident':
        st.reopenIncident.run(ch.incidentId);
        break;
      case 'deferPostmortem':
        st.deferPostmortem.run(ch.incidentId, ch.reason);
        break;
      case 'insertAlert':
        batch.alert(ch.incidentId, ch.alert, ch.at, columns.get(ch)!);
        break;
      case 'updateAlert':
        st.updateAlert.run(alertRow(ch.incidentId, ch.alert, ch.at, columns.get(ch)!));
        break;
      case 'alertSeen':
        st.seenAlert.run({ at: ch.at, incidentId: ch.incidentId, alertKey: ch.alertKey, eventAt: ch.eventAt ?? null });
        break;
      case 'recordStateChange':
        st.recordStateChange.run(ch.correlationId, ch.at);
        break;
      case 'markFlapping':
        st.markFlapping.run(ch.incidentId);
        break;
      case 'appendEvent':
        batch.event(ch.incidentId, ch.at, ch.entry, correlationOf(ch.incidentId));
        break;
      case 'insertRun': {
        // Run writes append timeline entries by themselves: seqs are read again after them.
        batch.forgetSeqs();
        if (insertRunSeed(rs, st, { id: ch.incidentId, correlationId: ch.correlationId }, ch.seed, ch.at)) {
          runsCreated++;
          break;
        }
        const holder = st.runOfScope.get(ch.incidentId, ch.seed.playbook, ch.seed.scopeKey) as { id: string; status: string } | undefined;
        const refused = timelineEntries.runNotRepeated(ch.seed, ch.alsoFor ?? [], holder ? { runId: holder.id, status: holder.status } : null);
        appendEvent(st, ch.incidentId, ch.at, refused);
        break;
      }
      case 'cancelQueuedRuns': {
        batch.forgetSeqs();
        const queued = (
          ch.alertKey === undefined ? rs.cancelQueuedForIncident.all(ch.incidentId) : rs.cancelQueuedForAlert.all(ch.incidentId, ch.alertKey)
        ) as QueuedRun[];
        cancelQueuedRuns(rs, st, ch.incidentId, queued.map((r) => r.id), ch.at, ch.reason);
        for (const r of queued) runsCancelled.push({ runId: r.id, playbook: r.playbook });
        break;
      }
      case 'touchIncident':
        if (touches.get(ch.incidentId) !== ch) st.touchIncident.run({ ...ch, sources: JSON.stringify(ch.sources) });
        break;
      case 'resolveIncident':
        st.resolveIncident.run(ch.at, ch.incidentId);
        break;
      case 'resolveAlerts':
        st.resolveAlerts.run({ incidentId: ch.incidentId, keys: JSON.stringify(ch.alertKeys), at: ch.at });
        st.lowerFiringCount.run({ incidentId: ch.incidentId, count: ch.alertKeys.length });
        break;
      case 'schedulePostmortem':
        st.schedulePostmortem.run({ incidentId: ch.incidentId, reason: ch.reason, dueAt: ch.dueAt, now: ch.at });
        break;
      case 'insertDelivery': {
        const d = ch.delivery;
        st.insertDelivery.run({
          id: d.id,
          source: d.source,
          receivedAt: d.receivedAt,
          dedupeKey: d.dedupeKey ?? null,
          eventType: d.eventType,
          alertCount: d.alerts.length,
          note: d.note ?? null,
          decisions: encodeDecisions(ch.decisions),
          bodyId,
        });
        break;
      }
      default:
        throw new Error(`unknown change ${JSON.stringify(ch satisfies never)}`);
    }
  }
  batch.flush();
  return { runsCreated, runsCancelled };
}

/**
 * The correlation ID of each incident this delivery opens, for its timeline entries (an opening entry and
 * the first alert's reason name it). Other incidents' entries rarely do, so it is not read for them: their
 * entries are marked with the incident id and alert key only.
 */
function openedCorrelations(changes: DeliveryChange[]): (incidentId: string) => string {
  const opened = new Map<string, string>();
  for (const ch of changes) if (ch.kind === 'insertIncident') opened.set(ch.incidentId, ch.correlationId);
  return (incidentId) => opened.get(incidentId) ?? '';
}

type Touch = Extract<DeliveryChange, { kind: 'touchIncident' }>;

/** A new incident's counters when the delivery does not touch it (it always does: see settleIncidents). */
const untouched = { alertDelta: 0, firingDelta: 0, stateChangeDelta: 0, deliveryDelta: 0 };

/**
 * The touch of each incident this delivery opens, written with its INSERT instead of as an UPDATE after it: one
 * statement less per new incident (~5 µs of a single alert's). Nothing between the two reads the counters,
 * last_seen_at or sources, and what changes them in between (resolving alerts lowers firing_count) adds to or
 * subtracts from them, so the row ends the same.
 */
function touchesOfOpened(changes: DeliveryChange[]): Map<string, Touch> {
  const opened = new Set<string>();
  const touches = new Map<string, Touch>();
  for (const ch of changes) {
    if (ch.kind === 'insertIncident') opened.add(ch.incidentId);
    else if (ch.kind === 'touchIncident' && opened.has(ch.incidentId) && !touches.has(ch.incidentId)) touches.set(ch.incidentId, ch);
  }
  return touches;
}

/** The parameters of updateAlert (which keeps the generator URL first stored). */
function alertRow(incidentId: string, a: AlertWrite, now: string, columns: AlertColumnValues) {
  return {
    incidentId,
    key: a.key,
    status: a.status,
    labels: columns.labels,
    annotations: columns.annotations,
    endsAt: a.endsAt ?? null,
    now,
    eventAt: a.occurredAt ?? null,
  };
}
