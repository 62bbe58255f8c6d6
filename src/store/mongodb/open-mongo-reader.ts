import { MongoClient } from 'mongodb';
import type { Store } from '../store';
import { mongoCollections } from './mongo-collections';
import { createMongoRuns } from './mongo-runs';
import { readMongoDeliveries } from './read-mongo-deliveries';

/**
 * Opens the MongoDB store for reading only (`mendbot backtest` beside running replicas): unlike
 * createMongoStore it creates no index and never touches the retention TTL, so it cannot change what the
 * servers configured. Reads go to the primary like the server's own.
 */
export function openMongoReader(options: { uri: string; dbName?: string }): Pick<Store, 'listDeliveries' | 'listRuns' | 'getControls' | 'close'> {
  const client = new MongoClient(options.uri, { retryReads: true, serverSelectionTimeoutMS: 5_000 });
  const c = mongoCollections(client.db(options.dbName ?? 'mendbot'));
  const runs = createMongoRuns(c);
  return {
    ...readMongoDeliveries(c),
    listRuns: (q) => runs.listRuns(q),
    getControls: () => runs.getControls(),
    close: () => client.close(),
  };
}
