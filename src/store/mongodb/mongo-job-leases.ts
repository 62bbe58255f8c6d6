import type { Db } from 'mongodb';
import type { Store } from '../store';
import type { KeyedDoc } from './mongo-collections';

/**
 * Job leases keyed by `_id` = job name: the conditional upsert either renews our own lease, takes an
 * expired one, or fails with E11000 because another replica holds it (the `_id` index decides, atomically).
 */
export function createMongoJobLeases(db: Db): Pick<Store, 'acquireJobLease'> {
  const leases = db.collection<KeyedDoc>('job_leases');
  return {
    async acquireJobLease(name, owner, now, ttlMs) {
      const expiresAt = new Date(Date.parse(now) + ttlMs).toISOString();
      try {
        const doc = await leases.findOneAndUpdate(
          { _id: name, $or: [{ owner }, { expiresAt: { $lte: now } }] },
          { $set: { owner, expiresAt } },
          { upsert: true, returnDocument: 'after' },
        );
        return doc?.owner === owner;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    },
  };
}
