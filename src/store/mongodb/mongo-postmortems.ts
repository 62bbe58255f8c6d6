import type { PostmortemRecord, Store } from '../store';
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
      const until = new Date(Date.parse(req.now) + req.leaseMs).toISOString();
      const out: PostmortemRecord[] = [];
      for (const d of await c.postmortems.find(due(req.now)).sort({ dueAt: 1 }).limit(req.limit).toArray()) {
        const leased = await c.postmortems.findOneAndUpdate({ _id: d._id, ...due(req.now) }, { $set: { leaseOwner: req.owner, leaseExpiresAt: until } });
        if (leased) out.push(toRecord(leased));
      }
      return out;
    },
    async savePostmortem(incidentId, p) {
      const set: Record<string, unknown> = { state: p.state, updatedAt: p.now, leaseOwner: null, leaseExpiresAt: null };
      if (p.dueAt !== undefined) set.dueAt = p.dueAt;
      if (p.attempts !== undefined) set.attempts = p.attempts;
      if (p.lastError !== undefined) set.lastError = p.lastError;
      if (p.ticket !== undefined) set.ticket = p.ticket;
      if (p.filed) set.filedAt = p.now;
      await c.postmortems.updateOne({ _id: incidentId }, { $set: set });
    },
    async getPostmortem(incidentId) {
      const d = await c.postmortems.findOne({ _id: incidentId });
      return d ? toRecord(d) : null;
    },
  };
}
