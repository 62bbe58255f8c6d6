import { MongoClient } from 'mongodb';
import { createMongoStore } from '../../src/store/mongodb/create-mongo-store';
import type { StoreHarness } from './contract-context';

let dbCounter = 0;

/** A fresh database per test on the server at `uri`; each `open` is a new client (a restart or a second process). */
export async function mongoHarness(uri: string): Promise<StoreHarness> {
  const dbName = `mendbot_contract_${process.pid}_${++dbCounter}`;
  return {
    open: () => createMongoStore({ uri, dbName, serverSelectionTimeoutMs: 2_000 }),
    async cleanup() {
      const client = new MongoClient(uri);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
