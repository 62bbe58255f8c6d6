import type { AlertSourceName } from '../../core/alerts/alert';
import type { Decision } from '../../core/incidents/decision';
import { decodeRawBody } from '../decode-raw-body';
import type { Store, StoredDelivery } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';

/**
 * Store.listDeliveries on MongoDB: a range on receivedAtDate (the retention TTL index serves it), then the
 * exact ISO string and id for order and the cursor, as SQLite does; getDelivery by its id.
 */
export function readMongoDeliveries(c: MongoCollections): Pick<Store, 'listDeliveries' | 'getDelivery'> {
  return {
    async getDelivery(id) {
      const doc = await c.deliveries.findOne({ _id: id }, { projection: { raw: 0, rawEncoding: 0 } });
      return doc ? deliveryFacts(doc) : null;
    },
    async listDeliveries(q) {
      // From the cursor's instant on, so a page never walks what earlier pages read.
      const from = q.after !== undefined && q.after.receivedAt > q.since ? q.after.receivedAt : q.since;
      const range = { receivedAtDate: { $gte: new Date(from), $lt: new Date(q.until) } };
      const filter =
        q.after === undefined
          ? range
          : { ...range, $or: [{ receivedAt: { $gt: q.after.receivedAt } }, { receivedAt: q.after.receivedAt, _id: { $gt: q.after.id } }] };
      const docs = await c.deliveries.find(filter).sort({ receivedAtDate: 1, receivedAt: 1, _id: 1 }).limit(q.limit).toArray();
      return docs.map(toStoredDelivery);
    },
  };
}

function deliveryFacts(d: KeyedDoc): Omit<StoredDelivery, 'raw'> {
  return {
    id: d._id,
    source: d.source as AlertSourceName,
    receivedAt: d.receivedAt as string,
    eventType: d.eventType as string,
    decisions: JSON.parse(d.decisions as string) as Decision[],
  };
}

function toStoredDelivery(d: KeyedDoc): StoredDelivery {
  return { ...deliveryFacts(d), raw: decodeRawBody(d.raw, d.rawEncoding) };
}
