import { emptyDeliveryFacts, type DeliveryFacts, type IncidentFacts, type OccurrenceFacts } from '../../core/incidents/delivery-facts';
import type { DeliveryReads } from '../../core/incidents/delivery-reads';
import { mongoAlertId } from './mongo-alert-id';
import type { KeyedDoc, MongoCollections } from './mongo-collections';

/**
 * Phase two of a delivery's facts, read under the delivery's correlation leases (so no other process
 * writes these incidents meanwhile): per correlation ID its latest incident, the delivery's alerts in it
 * and the flapping-window count, in parallel; per activity key the incident of its latest alert; per
 * occurrence key its latest stored alert (one query for all of them).
 */
export async function readMongoDeliveryFacts(c: MongoCollections, reads: DeliveryReads): Promise<DeliveryFacts> {
  const counts = new Map<string, number>();
  const occurrences = new Map<string, OccurrenceFacts>();
  const occurrenceKeys = new Set(reads.occurrenceKeys);
  const facts = emptyDeliveryFacts(
    (correlationId) => {
      const count = counts.get(correlationId);
      if (count === undefined) throw new Error(`state changes of ${correlationId} were not read`);
      return count;
    },
    (key) => {
      if (!occurrenceKeys.has(key)) throw new Error(`the latest alert with key ${key} was not read`);
      return occurrences.get(key) ?? null;
    },
  );
  const correlation = async ([correlationId, keys]: [string, string[]]) => {
    const [[latest], recent] = await Promise.all([
      c.incidents.find({ correlationId }).sort({ _id: -1 }).limit(1).toArray(),
      c.stateChanges.countDocuments({ correlationId, at: { $gte: reads.stateChangesSince } }),
    ]);
    counts.set(correlationId, recent);
    facts.latestIncident.set(correlationId, latest ? latest._id : null);
    if (!latest) return;
    facts.incidents.set(latest._id, toIncidentFacts(latest));
    const held = await c.alerts.find({ _id: { $in: keys.map((k) => mongoAlertId(latest._id, k)) } }, { projection: { key: 1, status: 1 } }).toArray();
    facts.alertStatus.set(latest._id, new Map(held.map((a) => [String(a.key), a.status === 'resolved' ? 'resolved' : 'firing'])));
  };
  const activity = async (key: string) => {
    const [known] = await c.alerts.find({ key }).sort({ incidentId: -1 }).limit(1).toArray();
    facts.incidentOfKey.set(key, known ? String(known.incidentId) : null);
    const incident = known ? await c.incidents.findOne({ _id: String(known.incidentId) }) : null;
    if (incident) facts.incidents.set(incident._id, toIncidentFacts(incident));
  };
  const readOccurrences = async () => {
    if (reads.occurrenceKeys.length === 0) return;
    const found = await c.alerts
      .find({ key: { $in: reads.occurrenceKeys } }, { projection: { key: 1, incidentId: 1, status: 1, lastEventAt: 1 } })
      .toArray();
    for (const a of found) {
      const key = String(a.key);
      const incidentId = String(a.incidentId);
      const known = occurrences.get(key);
      if (known && known.incidentId > incidentId) continue; // the latest incident holding the key wins
      const status = a.status === 'resolved' ? 'resolved' : 'firing';
      occurrences.set(key, { incidentId, status, lastEventAt: typeof a.lastEventAt === 'string' ? a.lastEventAt : null });
    }
  };
  await Promise.all([...[...reads.correlations].map(correlation), ...reads.activityKeys.map(activity), readOccurrences()]);
  return facts;
}

function toIncidentFacts(doc: KeyedDoc): IncidentFacts {
  return {
    id: doc._id,
    correlationId: String(doc.correlationId),
    status: doc.status === 'open' ? 'open' : 'resolved',
    resolvedAt: typeof doc.resolvedAt === 'string' ? doc.resolvedAt : null,
    firingCount: Number(doc.firingCount),
    flapping: doc.flapping === true,
    sources: Array.isArray(doc.sources) ? doc.sources.map(String) : [],
    reopenCount: Number(doc.reopenCount ?? 0),
  };
}
