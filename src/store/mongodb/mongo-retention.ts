import type { Collection, Filter } from 'mongodb';
import { chatRefsOwnedBy, prefixUpperBound } from '../../core/retention/chat-refs-owned-by';
import type { IncidentCursor, PruneResult } from '../../core/retention/prune-request';
import { selectPrunableIncidents } from '../../core/retention/select-prunable-incidents';
import { selectPrunableJoinKeys } from '../../core/retention/select-prunable-join-keys';
import type { PostmortemRecord } from '../../core/postmortems/postmortem-record';
import type { RunStatus } from '../../core/runs/run';
import type { Store } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';

/**
 * Retention on MongoDB. The TTL indexes (mongo-collections.ts) already expire deliveries, their dedupe keys
 * and the state changes; this sweeps the same cutoff anyway, through those same indexes, because TTL expiry
 * is a background task that may lag behind (it runs once a minute and yields under load) and some servers
 * lack it (the wire-compatible test server): the store then honours the retention it reports, and the usual
 * count is 0. What TTL cannot express is the incident rule (core: selectPrunableIncidents), done here.
 *
 * Without transactions, an incident is deleted child collections first and its own document last, so a
 * crash halfway leaves the incident to be found and finished by the next round. Join keys (core:
 * selectPrunableJoinKeys) are deleted or touched only while still untouched since the cutoff: a replica
 * publishing a key meanwhile touches it, so it is neither deleted nor lost.
 */
export function createMongoRetention(c: MongoCollections): Pick<Store, 'prune'> {
  let indexed: Promise<unknown> | undefined;
  return {
    async prune(request) {
      // Candidates are found by resolution time; created once per process (createIndexes is idempotent).
      indexed ??= c.incidents.createIndexes([{ key: { status: 1, resolvedAt: 1, _id: 1 }, name: 'by_resolution' }]).catch((error: unknown) => {
        indexed = undefined;
        throw error;
      });
      await indexed;
      const cutoff = new Date(request.deliveriesBefore);
      const deliveries = await deleteOlder(c.deliveries, 'receivedAtDate', cutoff, request.batchSize);
      const keys = await deleteOlder(c.deliveryKeys, 'receivedAtDate', cutoff, request.batchSize);
      const stateChanges = await deleteOlder(c.stateChanges, 'atDate', cutoff, request.batchSize);
      // Silences keep their times as ISO text (mongo-chat.ts), which sorts as time does.
      const silences = await deleteOlder(c.silences, 'endsAt', request.deliveriesBefore, request.batchSize);
      const { incidents, cursor } =
        request.incidentsResolvedBefore === undefined
          ? { incidents: 0, cursor: undefined }
          : await pruneIncidents(c, request.incidentsResolvedBefore, request.incidentsAfter, request.incidentBatchSize);
      // After the incidents: a key whose last incident went in this round goes in this round too.
      const joinKeys = await pruneJoinKeys(c, request.deliveriesBefore, request.now, request.batchSize);
      const done = Math.max(deliveries, keys, stateChanges, silences, joinKeys.examined) < request.batchSize && cursor === undefined;
      return { deliveries, stateChanges, incidents, joinKeys: joinKeys.deleted, silences, ...(cursor ? { incidentCursor: cursor } : {}), done } satisfies PruneResult;
    },
  };
}

/** Deletes at most `limit` documents whose `field` (an indexed time) is before `cutoff`: ids first, then by id. */
async function deleteOlder(coll: Collection<KeyedDoc>, field: string, cutoff: Date | string, limit: number): Promise<number> {
  const ids = (await coll.find({ [field]: { $lt: cutoff } }, { projection: { _id: 1, [field]: 1 } }).limit(limit).toArray()).map((d) => d._id);
  if (ids.length === 0) return 0;
  return (await coll.deleteMany({ _id: { $in: ids }, [field]: { $lt: cutoff } })).deletedCount;
}

async function pruneIncidents(
  c: MongoCollections,
  before: string,
  after: IncidentCursor | undefined,
  limit: number,
): Promise<{ incidents: number; cursor: IncidentCursor | undefined }> {
  const page: Filter<KeyedDoc> = after
    ? { $or: [{ resolvedAt: { $gt: after.resolvedAt, $lt: before } }, { resolvedAt: after.resolvedAt, _id: { $gt: after.id } }] }
    : { resolvedAt: { $lt: before } };
  const rows = await c.incidents
    .find({ status: 'resolved', ...page }, { projection: { _id: 1, status: 1, resolvedAt: 1 } })
    .sort({ resolvedAt: 1, _id: 1 })
    .limit(limit)
    .toArray();
  if (rows.length === 0) return { incidents: 0, cursor: undefined };
  const ids = rows.map((r) => r._id);
  const [runs, postmortems] = await Promise.all([
    c.runs.find({ incidentId: { $in: ids } }, { projection: { _id: 1, incidentId: 1, status: 1 } }).toArray(),
    c.postmortems.find({ _id: { $in: ids } }, { projection: { _id: 1, state: 1 } }).toArray(),
  ]);
  const states = new Map(postmortems.map((p) => [p._id, p.state as PostmortemRecord['state']]));
  const doomed = selectPrunableIncidents(
    rows.map((r) => ({
      id: r._id,
      status: r.status as 'resolved',
      resolvedAt: r.resolvedAt as string,
      runStatuses: runs.filter((run) => run.incidentId === r._id).map((run) => run.status as RunStatus),
      postmortemState: states.get(r._id) ?? null,
    })),
    before,
  );
  const last = rows[rows.length - 1]!;
  const cursor = rows.length === limit ? { resolvedAt: last.resolvedAt as string, id: last._id } : undefined;
  if (doomed.length === 0) return { incidents: 0, cursor };

  const doomedSet = new Set(doomed);
  const runIds = runs.filter((run) => doomedSet.has(run.incidentId as string)).map((run) => run._id);
  const owned = chatRefsOwnedBy([...doomed, ...runIds]);
  await c.chatRefs.deleteMany({ _id: { $in: owned.keys } });
  for (const prefix of owned.prefixes) await c.chatRefs.deleteMany({ _id: { $gte: prefix, $lt: prefixUpperBound(prefix) } });
  await c.locks.deleteMany({ runId: { $in: runIds } });
  // run_scopes._id is `<incident id>|<playbook>|<scope>`: one key range per incident.
  for (const id of doomed) await c.runScopes.deleteMany({ _id: { $gte: `${id}|`, $lt: prefixUpperBound(`${id}|`) } });
  await c.runs.deleteMany({ _id: { $in: runIds } });
  await c.timeline.deleteMany({ incidentId: { $in: doomed } });
  await c.alerts.deleteMany({ incidentId: { $in: doomed } });
  await c.postmortems.deleteMany({ _id: { $in: doomed } });
  const { deletedCount } = await c.incidents.deleteMany({ _id: { $in: doomed }, status: 'resolved' });
  return { incidents: deletedCount, cursor };
}

/**
 * One round of join keys: the oldest touched before the cutoff, with whether their correlation ID has an
 * incident; deleted or touched now as the core rule says. Keys written before touchedAt existed (no field)
 * are first counted as touched now, as SQLite's migration 16 does, so none goes sooner than a retention later.
 */
async function pruneJoinKeys(c: MongoCollections, before: string, now: string, limit: number): Promise<{ examined: number; deleted: number }> {
  const cutoff = new Date(before);
  const touchedNow = { $max: { touchedAt: new Date(now) } };
  const untracked = (await c.joinKeys.find({ touchedAt: null }, { projection: { _id: 1 } }).limit(limit).toArray()).map((d) => d._id);
  if (untracked.length > 0) await c.joinKeys.updateMany({ _id: { $in: untracked }, touchedAt: null }, touchedNow);
  const rows = await c.joinKeys.find({ touchedAt: { $lt: cutoff } }, { projection: { _id: 1, correlationId: 1 } }).sort({ touchedAt: 1 }).limit(limit).toArray();
  if (rows.length === 0) return { examined: untracked.length, deleted: 0 };
  const correlations = [...new Set(rows.map((r) => r.correlationId as string))];
  const withIncident = new Set(
    (await c.incidents.find({ correlationId: { $in: correlations } }, { projection: { _id: 0, correlationId: 1 } }).toArray()).map((i) => i.correlationId as string),
  );
  const verdict = selectPrunableJoinKeys(rows.map((r) => ({ joinKey: r._id, hasIncident: withIncident.has(r.correlationId as string) })));
  const stillOld = { touchedAt: { $lt: cutoff } };
  if (verdict.keep.length > 0) await c.joinKeys.updateMany({ _id: { $in: verdict.keep }, ...stillOld }, touchedNow);
  const deleted = verdict.prune.length > 0 ? (await c.joinKeys.deleteMany({ _id: { $in: verdict.prune }, ...stillOld })).deletedCount : 0;
  return { examined: untracked.length + rows.length, deleted };
}
