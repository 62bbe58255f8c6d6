import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { StoreUnavailableError } from '../../core/errors';
import type { DeliveryOutcome } from '../../core/incidents/decision';
import type { IncidentQuery, Store } from '../store';
import { createMongoChat } from './mongo-chat';
import { createMongoAlertmanagerState } from './create-mongo-alertmanager-state';
import { createMongoManualResolve } from './mongo-manual-resolve';
import { ensureMongoIndexes, mongoCollections } from './mongo-collections';
import { toIncident, toStoredAlert, toTimelineEvent } from './mongo-mappers';
import { createMongoPostmortems } from './mongo-postmortems';
import { createMongoRuns } from './mongo-runs';
import { readMongoDeliveries } from './read-mongo-deliveries';
import { recordMongoDelivery } from './record-mongo-delivery';
import { createMongoJobLeases } from './mongo-job-leases';
import { createMongoCommitCheck } from './mongo-commit-check';
import { createMongoRetention } from './mongo-retention';
import { guardMethods, toStoreError } from './to-store-error';

export interface MongoStoreOptions {
  uri: string;
  dbName?: string;
  /** 'majority' (default): a write is acknowledged once a majority of the replica set has it. */
  writeConcern?: 'majority' | number;
  /** Deliveries (raw bodies, dedupe keys) are deleted by a TTL index this many days after receipt. */
  retentionDays?: number;
  /** How long an operation waits for a usable server before failing with StoreUnavailableError (→ 503). */
  serverSelectionTimeoutMs?: number;
}

/**
 * The MongoDB store. It resolves even when MongoDB is unreachable: the process stays up, every call
 * fails with StoreUnavailableError (/readyz and webhooks answer 503) and start-up work (indexes) is
 * retried by the next call, so recovery is automatic once MongoDB is back. Deliveries are applied one
 * at a time per process (like SQLite's single writer); across processes see mongo-intake-locks.ts.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = new MongoClient(options.uri, {
    retryWrites: true,
    retryReads: true,
    writeConcern: { w: options.writeConcern ?? 'majority' },
    // Reads stay on the primary with the default ('local') read concern: with writeConcern w:1 a
    // 'majority' read could miss this process's own acknowledged write, and intake reads-then-decides.
    // A timeout in the URI (…?serverSelectionTimeoutMS=500) wins over the default.
    ...(/[?&]serverSelectionTimeoutMS=/i.test(options.uri) && options.serverSelectionTimeoutMs === undefined
      ? {}
      : { serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000 }),
  });
  const db = client.db(options.dbName ?? 'mendbot');
  const c = mongoCollections(db);
  const owner = `mendbot-${randomUUID()}`;
  let closed = false;
  let indexes: Promise<void> | null = null;
  const ready = async () => {
    if (closed) throw new StoreUnavailableError('the MongoDB store is closed');
    // connect() first: when the very first connection fails the driver closes the client for good ("Topology
    // is closed") and only an explicit connect() opens it again; once connected it is a no-op.
    indexes ??= client
      .connect()
      .then(() => ensureMongoIndexes(c, options.retentionDays ?? 30))
      .catch((error: unknown) => {
        indexes = null; // retried by the next call
        throw error;
      });
    await indexes;
  };
  await ready().catch(() => undefined); // unreachable at start-up is not fatal; see above

  let tail: Promise<unknown> = Promise.resolve();
  const reads = guardMethods(
    {
      async listIncidents(q: IncidentQuery) {
        const filter: Record<string, unknown> = {};
        if (q.status !== 'all') filter.status = q.status;
        if (q.correlationId !== undefined) filter.correlationId = q.correlationId;
        if (q.beforeId !== undefined) filter._id = { $lt: q.beforeId };
        const docs = await c.incidents.find(filter).sort({ _id: -1 }).limit(q.limit + 1).toArray();
        return { items: docs.slice(0, q.limit).map(toIncident), hasMore: docs.length > q.limit };
      },
      async getIncident(id: string) {
        const doc = await c.incidents.findOne({ _id: id });
        if (!doc) return null;
        const [alerts, timeline] = await Promise.all([
          c.alerts.find({ incidentId: id }).sort({ firstSeenAt: 1, key: 1 }).toArray(),
          c.timeline.find({ incidentId: id }).sort({ seq: 1 }).toArray(),
        ]);
        return { incident: toIncident(doc), alerts: alerts.map(toStoredAlert), timeline: timeline.map(toTimelineEvent) };
      },
      async countOpenIncidents() {
        return c.incidents.countDocuments({ status: 'open' });
      },
      async ping() {
        await db.command({ ping: 1 });
      },
    },
    ready,
  );

  return {
    ...guardMethods(createMongoRuns(c), ready),
    ...guardMethods(createMongoChat(c), ready),
    ...guardMethods(createMongoManualResolve(c), ready),
    ...guardMethods(createMongoPostmortems(c), ready),
    ...guardMethods(createMongoJobLeases(db), ready),
    ...guardMethods(createMongoRetention(c), ready),
    ...guardMethods(createMongoAlertmanagerState(c), ready),
    ...guardMethods(readMongoDeliveries(c), ready),
    ...guardMethods(createMongoCommitCheck(db, owner), ready),
    ...reads,

    recordDelivery(delivery, policy, planner) {
      const run = async (): Promise<DeliveryOutcome> => {
        try {
          await ready();
          return await recordMongoDelivery(c, delivery, policy, planner, owner);
        } catch (error) {
          // As in SQLite: whatever failed, nothing is acknowledged as stored.
          const mapped = toStoreError(error, 'record the delivery');
          throw mapped instanceof StoreUnavailableError ? mapped : new StoreUnavailableError('MongoDB store: could not record the delivery', error);
        }
      };
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result;
    },

    async close() {
      await tail;
      closed = true;
      await client.close();
    },
  };
}
