import type { ChatRef, Silence, Store } from '../store';
import type { MongoCollections } from './mongo-collections';
import { isDuplicateKey } from './to-store-error';

type ChatMethods = Pick<Store, 'getChatRef' | 'putChatRef' | 'listSilences' | 'addSilence' | 'expireSilence'>;

/** Chat message references (`_id` = key: the first insert wins) and silences. */
export function createMongoChat(c: MongoCollections): ChatMethods {
  const getRef = async (key: string) => {
    const d = await c.chatRefs.findOne({ _id: key });
    return d ? ({ channel: d.channel, ts: d.ts } as ChatRef) : null;
  };
  return {
    getChatRef: getRef,
    async putChatRef(key, ref) {
      try {
        await c.chatRefs.insertOne({ _id: key, channel: ref.channel, ts: ref.ts, createdAt: new Date().toISOString() });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      return (await getRef(key))!;
    },
    async listSilences(now) {
      const docs = await c.silences.find({ startsAt: { $lte: now }, endsAt: { $gt: now } }).sort({ endsAt: 1 }).toArray();
      return docs.map((d) => ({ id: d._id, matchers: d.matchers, createdBy: d.createdBy, reason: d.reason, startsAt: d.startsAt, endsAt: d.endsAt })) satisfies Silence[];
    },
    async addSilence(s) {
      await c.silences.insertOne({ _id: s.id, matchers: s.matchers, createdBy: s.createdBy, reason: s.reason, startsAt: s.startsAt, endsAt: s.endsAt });
    },
    async expireSilence(id, now) {
      return (await c.silences.updateOne({ _id: id, endsAt: { $gt: now } }, { $set: { endsAt: now } })).matchedCount > 0;
    },
  };
}
