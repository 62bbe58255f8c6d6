import type { Collection, Db, Document } from 'mongodb';

/** Every document here is keyed by a string `_id` (ids, correlation IDs, claim keys), never an ObjectId. */
export type KeyedDoc = Document & { _id: string };

/**
 * Every collection the MongoStore uses. Documents that must be unique are keyed by `_id` (the one index
 * MongoDB always enforces, on every deployment): `open_incidents._id` = correlation ID is the
 * one-open-incident rule, `run_scopes._id` = incident|playbook|scope is "once per scope", `locks._id` =
 * lock key, `delivery_keys._id` = dedupe key, `intake_locks._id` = correlation ID (the intake lease).
 */
export interface MongoCollections {
  incidents: Collection<KeyedDoc>;
  openIncidents: Collection<KeyedDoc>;
  alerts: Collection<KeyedDoc>;
  timeline: Collection<KeyedDoc>;
  stateChanges: Collection<KeyedDoc>;
  joinKeys: Collection<KeyedDoc>;
  deliveries: Collection<KeyedDoc>;
  deliveryKeys: Collection<KeyedDoc>;
  intakeLocks: Collection<KeyedDoc>;
  runs: Collection<KeyedDoc>;
  runScopes: Collection<KeyedDoc>;
  locks: Collection<KeyedDoc>;
  controls: Collection<KeyedDoc>;
  playbookHealth: Collection<KeyedDoc>;
  chatRefs: Collection<KeyedDoc>;
  silences: Collection<KeyedDoc>;
  postmortems: Collection<KeyedDoc>;
}

export function mongoCollections(db: Db): MongoCollections {
  const c = (name: string) => db.collection<KeyedDoc>(name);
  return {
    incidents: c('incidents'),
    openIncidents: c('open_incidents'),
    alerts: c('alerts'),
    timeline: c('timeline'),
    stateChanges: c('state_changes'),
    joinKeys: c('join_keys'),
    deliveries: c('deliveries'),
    deliveryKeys: c('delivery_keys'),
    intakeLocks: c('intake_locks'),
    runs: c('runs'),
    runScopes: c('run_scopes'),
    locks: c('locks'),
    controls: c('controls'),
    playbookHealth: c('playbook_health'),
    chatRefs: c('chat_refs'),
    silences: c('silences'),
    postmortems: c('postmortems'),
  };
}

/**
 * Creates the secondary indexes (idempotent: createIndexes with the same spec is a no-op). The TTL
 * indexes implement retention: MongoDB deletes deliveries (and their dedupe keys and flapping history)
 * `retentionDays` after receipt. If the retention changed since the index was built, collMod updates it.
 */
export async function ensureMongoIndexes(c: MongoCollections, retentionDays: number): Promise<void> {
  const ttl = Math.round(retentionDays * 86_400);
  await Promise.all([
    c.incidents.createIndexes([
      { key: { correlationId: 1, _id: -1 }, name: 'by_correlation' },
      { key: { status: 1, _id: -1 }, name: 'by_status' },
    ]),
    c.alerts.createIndexes([
      { key: { key: 1, incidentId: -1 }, name: 'by_key' },
      { key: { incidentId: 1, firstSeenAt: 1, key: 1 }, name: 'by_incident' },
    ]),
    c.timeline.createIndexes([{ key: { incidentId: 1, seq: 1 }, name: 'by_incident_seq', unique: true }]),
    c.runs.createIndexes([
      { key: { status: 1, notBefore: 1, createdAt: 1 }, name: 'runnable' },
      { key: { playbook: 1, startedAt: 1 }, name: 'by_playbook_start' },
      { key: { incidentId: 1, createdAt: 1 }, name: 'by_incident' },
    ]),
    c.locks.createIndexes([{ key: { runId: 1 }, name: 'by_run' }]),
    c.silences.createIndexes([{ key: { endsAt: 1 }, name: 'by_end' }]),
    c.postmortems.createIndexes([{ key: { state: 1, dueAt: 1 }, name: 'due' }]),
    ttlIndex(c.deliveries, 'receivedAtDate', ttl),
    ttlIndex(c.deliveryKeys, 'receivedAtDate', ttl),
    ttlIndex(c.stateChanges, 'atDate', ttl),
    c.stateChanges.createIndexes([{ key: { correlationId: 1, at: 1 }, name: 'by_correlation' }]),
    // Retention reads join keys by their last touch (mongo-retention.ts); no TTL: a key stays while it joins an incident.
    c.joinKeys.createIndexes([{ key: { touchedAt: 1 }, name: 'by_touch' }]),
  ]);
}

async function ttlIndex(coll: Collection<KeyedDoc>, field: string, seconds: number): Promise<void> {
  const name = `retention_${field}`;
  try {
    await coll.createIndexes([{ key: { [field]: 1 }, name, expireAfterSeconds: seconds }]);
  } catch (error) {
    // 85 IndexOptionsConflict / 86 IndexKeySpecsConflict: the retention changed; update it in place.
    const code = (error as { code?: number }).code;
    if (code !== 85 && code !== 86) throw error;
    await coll.db.command({ collMod: coll.collectionName, index: { name, expireAfterSeconds: seconds } });
  }
}
