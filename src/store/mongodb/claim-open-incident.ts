import type { MongoCollections } from './mongo-collections';
import { isDuplicateKey } from './to-store-error';

/**
 * The database-enforced "one open incident per correlation ID": inserting `open_incidents._id =
 * correlationId` fails with a duplicate key while another incident holds it. A claim whose incident is
 * missing (crash before the incident was written) or resolved (crash before the claim was removed) is
 * stale and replaced, conditionally, so two writers cannot both replace it.
 */
export async function claimOpenIncident(c: MongoCollections, correlationId: string, incidentId: string): Promise<void> {
  try {
    await c.openIncidents.insertOne({ _id: correlationId, incidentId });
    return;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const claim = await c.openIncidents.findOne({ _id: correlationId });
  if (claim?.incidentId === incidentId) return;
  const holder = claim ? await c.incidents.findOne({ _id: claim.incidentId }, { projection: { status: 1 } }) : null;
  if (holder?.status === 'open') throw new Error(`correlation ID ${correlationId} already has open incident ${String(claim!.incidentId)}`);
  const replaced = await c.openIncidents.updateOne({ _id: correlationId, incidentId: claim?.incidentId }, { $set: { incidentId } });
  if (replaced.matchedCount === 0) throw new Error(`correlation ID ${correlationId}: open claim changed concurrently`);
}
