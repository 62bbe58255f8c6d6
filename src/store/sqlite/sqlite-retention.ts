import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../core/errors';
import { chatRefsOwnedBy, prefixUpperBound } from '../../core/retention/chat-refs-owned-by';
import type { IncidentCursor } from '../../core/retention/prune-request';
import { selectPrunableIncidents, type IncidentRetentionFacts } from '../../core/retention/select-prunable-incidents';
import { selectPrunableJoinKeys } from '../../core/retention/select-prunable-join-keys';
import type { RunStatus } from '../../core/runs/run';
import type { PostmortemRecord } from '../../core/postmortems/postmortem-record';
import type { Store } from '../store';

/** A JSON array of ids, bound as one parameter and read back with json_each: any number of ids, one statement. */
const inIds = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;

/**
 * Retention on SQLite: each kind is deleted through an index in age order (migration 8), at most a batch per
 * statement. Deliveries and state changes are plain age cutoffs; incidents are read with the facts the core
 * rule needs and only the ids it names are deleted, all in one IMMEDIATE transaction so nothing (a delivery,
 * a manual run) can change an incident between the rule's verdict and the delete. Join keys likewise: read
 * oldest touch first with whether their correlation ID has an incident, then deleted or touched as the core
 * rule says, so every candidate leaves the scan and a round never reads the same keys twice.
 */
export function createSqliteRetention(db: Database.Database): Pick<Store, 'prune'> {
  const oldDeliveries = db.prepare(
    'DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE received_at < ? ORDER BY received_at LIMIT ?)',
  );
  // Silences end long before anyone asks about them again; Alertmanager keeps its own expired ones 5 days.
  const endedSilences = db.prepare('DELETE FROM silences WHERE id IN (SELECT id FROM silences INDEXED BY silences_by_end WHERE ends_at < ? ORDER BY ends_at LIMIT ?)');
  const oldStateChanges = db.prepare('DELETE FROM state_changes WHERE rowid IN (SELECT rowid FROM state_changes WHERE at < ? ORDER BY at LIMIT ?)');
  // INDEXED BY: without statistics the planner prefers incidents_by_status and sorts every resolved incident.
  const candidates = db.prepare(
    `SELECT id, status, resolved_at FROM incidents INDEXED BY incidents_by_resolution
     WHERE status = 'resolved' AND resolved_at < @before AND (resolved_at, id) > (@afterAt, @afterId)
     ORDER BY resolved_at, id LIMIT @limit`,
  );
  const runsOf = db.prepare(`SELECT id, incident_id, status FROM runs WHERE ${inIds('incident_id')}`);
  const postmortemsOf = db.prepare(`SELECT incident_id, state FROM postmortems WHERE ${inIds('incident_id')}`);
  const deleteChatRefs = db.prepare(`DELETE FROM chat_refs WHERE ${inIds('key')}`);
  const deleteChatRefRange = db.prepare('DELETE FROM chat_refs WHERE key >= ? AND key < ?');
  const deleteLocksOfRuns = db.prepare(`DELETE FROM locks WHERE ${inIds('run_id')}`);
  // Children first: runs, alerts and postmortems reference incidents (foreign keys are on).
  const deleteChildren = ['runs', 'timeline', 'alerts', 'postmortems'].map((table) => db.prepare(`DELETE FROM ${table} WHERE ${inIds('incident_id')}`));
  const deleteIncidents = db.prepare(`DELETE FROM incidents WHERE status = 'resolved' AND ${inIds('id')}`);
  // Bodies nothing points at any more (migration 12's triggers count down as deliveries and alerts go),
  // read from a partial index that holds only those.
  const unreferencedBodies = db.prepare(
    'DELETE FROM bodies WHERE id IN (SELECT id FROM bodies INDEXED BY bodies_unreferenced WHERE refs <= 0 LIMIT ?)',
  );

  // Join keys oldest touch first: the table's own order (migration 16). Whether the correlation ID has an
  // incident is asked only of keys untouched since the cutoff; the first key touched since ends the candidates.
  const oldestJoinKeys = db.prepare(
    `SELECT id, join_key, touched_at < @before AS old,
       CASE WHEN touched_at < @before THEN EXISTS (SELECT 1 FROM incidents i WHERE i.correlation_id = j.correlation_id) END AS has_incident
     FROM join_keys j ORDER BY id LIMIT @limit`,
  );
  // A kept key is touched now: written again at the table's end, then its old row goes with the pruned ones.
  const touchAgain = db.prepare(`INSERT INTO join_keys (join_key, correlation_id, touched_at) SELECT join_key, correlation_id, ? FROM join_keys WHERE ${inIds('id')} ORDER BY id`);
  const deleteJoinKeyRows = db.prepare(`DELETE FROM join_keys WHERE ${inIds('id')}`);

  // One IMMEDIATE transaction: no delivery can publish a key or open an incident between the facts and the verdict.
  const pruneJoinKeys = db.transaction((before: string, now: string, limit: number) => {
    const rows = oldestJoinKeys.all({ before: Date.parse(before), limit }) as Array<{ id: number; join_key: string; old: number; has_incident: number }>;
    const end = rows.findIndex((r) => r.old === 0);
    const candidates = end === -1 ? rows : rows.slice(0, end);
    const verdict = selectPrunableJoinKeys(candidates.map((r) => ({ joinKey: r.join_key, hasIncident: r.has_incident === 1 })));
    const idOf = new Map(candidates.map((r) => [r.join_key, r.id]));
    const kept = verdict.keep.map((k) => idOf.get(k)!);
    if (kept.length > 0) touchAgain.run(Date.parse(now), JSON.stringify(kept));
    if (candidates.length > 0) deleteJoinKeyRows.run(JSON.stringify(candidates.map((r) => r.id)));
    return { examined: candidates.length, deleted: verdict.prune.length };
  });

  const pruneIncidents = db.transaction((before: string, after: IncidentCursor | undefined, limit: number) => {
    const rows = candidates.all({ before, afterAt: after?.resolvedAt ?? '', afterId: after?.id ?? '', limit }) as Array<{ id: string; status: 'resolved'; resolved_at: string }>;
    if (rows.length === 0) return { incidents: 0, cursor: undefined };
    const ids = JSON.stringify(rows.map((r) => r.id));
    const runs = runsOf.all(ids) as Array<{ id: string; incident_id: string; status: RunStatus }>;
    const postmortems = new Map((postmortemsOf.all(ids) as Array<{ incident_id: string; state: PostmortemRecord['state'] }>).map((p) => [p.incident_id, p.state]));
    const facts: IncidentRetentionFacts[] = rows.map((r) => ({
      id: r.id,
      status: r.status,
      resolvedAt: r.resolved_at,
      runStatuses: runs.filter((run) => run.incident_id === r.id).map((run) => run.status),
      postmortemState: postmortems.get(r.id) ?? null,
    }));
    const doomed = selectPrunableIncidents(facts, before);
    const last = rows[rows.length - 1]!;
    const cursor = rows.length === limit ? { resolvedAt: last.resolved_at, id: last.id } : undefined;
    if (doomed.length === 0) return { incidents: 0, cursor };

    const doomedSet = new Set(doomed);
    const runIds = runs.filter((run) => doomedSet.has(run.incident_id)).map((run) => run.id);
    const owned = chatRefsOwnedBy([...doomed, ...runIds]);
    deleteChatRefs.run(JSON.stringify(owned.keys));
    for (const prefix of owned.prefixes) deleteChatRefRange.run(prefix, prefixUpperBound(prefix));
    deleteLocksOfRuns.run(JSON.stringify(runIds));
    for (const statement of deleteChildren) statement.run(JSON.stringify(doomed));
    return { incidents: deleteIncidents.run(JSON.stringify(doomed)).changes, cursor };
  });

  return {
    async prune(request) {
      try {
        const deliveries = oldDeliveries.run(request.deliveriesBefore, request.batchSize).changes;
        const stateChanges = oldStateChanges.run(request.deliveriesBefore, request.batchSize).changes;
        const silences = endedSilences.run(request.deliveriesBefore, request.batchSize).changes;
        const { incidents, cursor } =
          request.incidentsResolvedBefore === undefined
            ? { incidents: 0, cursor: undefined }
            : pruneIncidents.immediate(request.incidentsResolvedBefore, request.incidentsAfter, request.incidentBatchSize);
        const bodies = unreferencedBodies.run(request.batchSize).changes;
        // After the incidents: a key whose last incident went in this round goes in this round too.
        const joinKeys = pruneJoinKeys.immediate(request.deliveriesBefore, request.now, request.batchSize);
        const done = Math.max(deliveries, stateChanges, silences, bodies, joinKeys.examined) < request.batchSize && cursor === undefined;
        return { deliveries, stateChanges, incidents, joinKeys: joinKeys.deleted, silences, ...(cursor ? { incidentCursor: cursor } : {}), done };
      } catch (error) {
        throw new StoreUnavailableError('the SQLite store could not prune old data', error);
      }
    },
  };
}
