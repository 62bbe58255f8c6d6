import { randomUUID } from 'node:crypto';
import { decideManualResolve } from '../../core/incidents/decide-manual-resolve';
import type { Store } from '../store';
import { applyMongoChanges } from './apply-mongo-changes';
import type { MongoCollections } from './mongo-collections';
import { leaseCorrelations } from './mongo-intake-locks';

/**
 * store.resolveIncident for MongoDB. The incident's correlation ID is leased as a delivery of it would
 * be, so no delivery (of any process) interleaves its read-decide-write with this one; the lease owner is
 * unique per call, because intake takes over leases held under its own process owner (its leftovers).
 * Without a transaction the writes are ordered as the core lists them, with the status flip last and the
 * timeline written before it: a crash in between leaves an open incident that a second attempt resolves.
 * What such a crash can leave, as for a delivery (see recordMongoDelivery): the firing counter not lowered
 * when it struck between the alerts' update and the counter's.
 */
export function createMongoManualResolve(c: MongoCollections): Pick<Store, 'resolveIncident'> {
  return {
    async resolveIncident(id, request, policy) {
      const known = await c.incidents.findOne({ _id: id }, { projection: { correlationId: 1 } });
      if (!known) return { kind: 'not_found', incidentId: id };
      const release = await leaseCorrelations(c, [String(known.correlationId)], `mendbot-resolve-${randomUUID()}`);
      try {
        const doc = await c.incidents.findOne({ _id: id });
        const incident = doc
          ? { id, correlationId: String(doc.correlationId), status: doc.status === 'open' ? ('open' as const) : ('resolved' as const), resolvedAt: typeof doc.resolvedAt === 'string' ? doc.resolvedAt : null }
          : null;
        const firing = doc ? await c.alerts.find({ incidentId: id, status: 'firing' }, { projection: { key: 1 } }).sort({ firstSeenAt: 1, key: 1 }).toArray() : [];
        const { changes, outcome } = decideManualResolve(id, { incident, firingKeys: firing.map((a) => String(a.key)) }, request, policy);
        const applied = await applyMongoChanges(c, changes.slice(0, -1));
        await applyMongoChanges(c, changes.slice(-1));
        return outcome.kind === 'resolved' ? { ...outcome, runsCancelled: applied.runsCancelled } : outcome;
      } finally {
        await release().catch(() => undefined); // an unreleased lease expires by itself
      }
    },
  };
}
