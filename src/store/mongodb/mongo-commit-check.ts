import type { Db } from 'mongodb';
import type { Store } from '../store';
import type { KeyedDoc } from './mongo-collections';

/**
 * The commit probe readiness asks for after failed commits: one acknowledged write (with the store's write
 * concern) of this process's heartbeat document. `ping` only proves a server answers; a primary that cannot
 * take writes (no majority, full disk) answers it too.
 */
export function createMongoCommitCheck(db: Db, owner: string): Pick<Store, 'checkCommit'> {
  const heartbeats = db.collection<KeyedDoc>('heartbeats');
  return {
    async checkCommit() {
      await heartbeats.updateOne({ _id: owner }, { $inc: { commits: 1 } }, { upsert: true });
    },
  };
}
