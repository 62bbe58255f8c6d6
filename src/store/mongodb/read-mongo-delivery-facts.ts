import { emptyDeliveryFacts, type DeliveryFacts, type IncidentFacts } from '../../core/incidents/delivery-facts';
import type { DeliveryReads } from '../../core/incidents/delivery-reads';
import { mongoAlertId } from './mongo-alert-id';
import type { KeyedDoc, MongoCollections } from './mongo-collections';

/**
 * Phase two of a delivery's facts, read under the delivery's correlation leases (so no other process
 * writes these incidents meanwhile): per correlation ID its latest incident, the delivery's alerts in it
 * and the flapping-window count, in parallel; per activity key the incident of its latest alert.
 */
export async function readMongoDeliveryFacts(c: MongoCollections, reads: DeliveryReads): Promise<DeliveryFacts> {
  const counts = new Map<string, number>();
  const facts = emptyDeliveryFacts((correlationId) => {
    const count = counts.get(correlationId);
    if (count === undefined) throw new Error(`state changes of ${correlationId} were not read`);
    return count;
  });
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
  await Promise.all([...[...reads.correlations].map(correlation), ...reads.activityKeys.map(activity)]);
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
  };
}
