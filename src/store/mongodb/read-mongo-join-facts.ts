import type { JoinKeyFacts } from '../../core/incidents/correlate-delivery';
import type { MongoCollections } from './mongo-collections';

/** Phase one of a delivery's facts: what its join keys point at. */
export async function readMongoJoinFacts(c: MongoCollections, joinKeys: string[]): Promise<Map<string, JoinKeyFacts>> {
  const facts = new Map<string, JoinKeyFacts>();
  for (const key of joinKeys) {
    const published = await c.joinKeys.findOne({ _id: key });
    // Whether an incident has the key as correlation ID only matters when nothing is published under it.
    const hasIncident = published ? false : (await c.incidents.countDocuments({ correlationId: key }, { limit: 1 })) > 0;
    facts.set(key, { published: published ? String(published.correlationId) : null, hasIncident });
  }
  return facts;
}
