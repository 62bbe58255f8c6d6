import { MongoClient } from 'mongodb';
import { createMongoStore } from '../../src/store/mongodb/create-mongo-store';
import type { Store } from '../../src/store/store';
import { startMongoWireServer, type MongoWireServer } from '../helpers/mongo-wire/start-mongo-wire-server';
import { describeStoreContract, type StoreHarness } from './describe-store-contract';

let dbCounter = 0;

/** A fresh database per test; the harness's reopen() is a process restart against the same data. */
async function harness(uri: string): Promise<StoreHarness> {
  const dbName = `mendbot_contract_${process.pid}_${++dbCounter}`;
  const open = () => createMongoStore({ uri, dbName, serverSelectionTimeoutMs: 2_000 });
  let store: Store = await open();
  return {
    store,
    async reopen() {
      await store.close();
      store = await open();
      return store;
    },
    async cleanup() {
      await store.close();
      const client = new MongoClient(uri);
      await client.db(dbName).dropDatabase();
      await client.close();
    },
  };
}

// In-process wire server: exercises the adapter's code paths and the `_id`-keyed uniqueness it relies
// on. It does NOT verify secondary unique indexes, TTL expiry, write concern or replication.
describe('mongodb (in-process wire server)', () => {
  let server: MongoWireServer;
  beforeAll(async () => {
    server = await startMongoWireServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  describeStoreContract('mongodb (in-process wire server)', () => harness(server.uri));
});

const realUri = process.env.MONGODB_URI;
if (realUri) {
  describeStoreContract('mongodb (real server)', () => harness(realUri));
} else {
  describe('store contract: mongodb (real server)', () => {
    it('is SKIPPED because MONGODB_URI is not set', () => {
      console.warn(
        'SKIPPED: real MongoDB contract suite — set MONGODB_URI=mongodb://localhost:27017 (e.g. `docker run -p 27017:27017 mongo:7 --replSet rs0` then rs.initiate()) to run it',
      );
    });
  });
}
