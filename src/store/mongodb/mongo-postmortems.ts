import { claimPostmortemChange } from '../../core/postmortems/claim-postmortem-change';
import type { PostmortemRecord } from '../../core/postmortems/postmortem-record';
import { savePostmortemChange } from '../../core/postmortems/save-postmortem-change';
import type { Store } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import { schedulePostmortemDoc } from './mongo-run-writes';

type PostmortemMethods = Pick<Store, 'schedulePostmortem' | 'claimDuePostmortems' | 'savePostmortem' | 'getPostmortem'>;

const toRecord = (d: KeyedDoc): PostmortemRecord => ({
  incidentId: d._id,
  state: d.state,
  reason: d.reason,
  dueAt: d.dueAt ?? null,
  attempts: d.attempts ?? 0,
  lastError: d.lastError ?? null,
  ticket: d.ticket ?? null,
  filedAt: d.filedAt ?? null,
  updatedAt: d.updatedAt,
});

/** Postmortems keyed by incident id; each due one is leased by a conditional update, so one process files it. */
export function createMongoPostmortems(c: MongoCollections): PostmortemMethods {
  const due = (now: string) => ({ state: 'pending', dueAt: { $lte: now }, $or: [{ leaseExpiresAt: null }, { leaseExpiresAt: { $lte: now } }] });
  return {
    async schedulePostmortem(incidentId, dueAt, reason) {
      await schedulePostmortemDoc(c, incidentId, reason, dueAt, new Date().toISOString());
    },
    async claimDuePostmortems(req) {
      const lease = claimPostmortemChange(req);
      const out: PostmortemRecord[] = [];
      for (const d of await c.postmortems.find(due(req.now)).sort({ dueAt: 1 }).limit(req.limit).toArray()) {
        const leased = await c.postmortems.findOneAndUpdate({ _id: d._id, ...due(req.now) }, { $set: lease });
        if (leased) out.push(toRecord(leased));
      }
      return out;
    },
    async savePostmortem(incidentId, p) {
      await c.postmortems.updateOne({ _id: incidentId }, { $set: savePostmortemChange(p) });
    },
    async getPostmortem(incidentId) {
      const d = await c.postmortems.findOne({ _id: incidentId });
      return d ? toRecord(d) : null;
    },
  };
}
