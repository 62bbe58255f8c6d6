import { MongoClient } from 'mongodb';
import { buildPruneRequest } from '../../../src/core/retention/prune-request';
import type { RetentionPolicy } from '../../../src/core/retention/retention-policy';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import type { Store } from '../../../src/store/store';
import { minutesLater } from '../../helpers/build-delivery';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';

const day = 24 * 60;
const retention: RetentionPolicy = { deliveriesMs: 30 * day * 60_000, incidentsMs: 90 * day * 60_000 };

/**
 * Join keys written by a version before their touch existed have no `touchedAt`: MongoDB's retention counts
 * them as touched when it first sees them (as SQLite's migration does), so none goes sooner than a retention
 * after the upgrade, and none is kept forever.
 */
describe('MongoStore join keys from before touchedAt (in-process wire server)', () => {
  let server: MongoWireServer;
  let client: MongoClient;
  let store: Store;
  beforeEach(async () => {
    server = await startMongoWireServer();
    client = new MongoClient(server.uri);
    store = await createMongoStore({ uri: server.uri, dbName: 'jk' });
  });
  afterEach(async () => {
    await store.close();
    await client.close();
    await server.stop();
  });

  it('adopts an untouched key at the first sweep and prunes it a retention later', async () => {
    const keys = client.db('jk').collection<{ _id: string; correlationId: string; touchedAt?: Date }>('join_keys');
    await keys.insertOne({ _id: 'old'.repeat(20), correlationId: 'group-gone' });

    const first = await store.prune(buildPruneRequest(retention, minutesLater(0), 500));
    expect(first).toMatchObject({ joinKeys: 0, done: true });
    expect(await keys.findOne({ _id: 'old'.repeat(20) })).toEqual({ _id: 'old'.repeat(20), correlationId: 'group-gone', touchedAt: new Date(minutesLater(0)) });

    expect(await store.prune(buildPruneRequest(retention, minutesLater(29 * day), 500))).toMatchObject({ joinKeys: 0 });
    expect(await store.prune(buildPruneRequest(retention, minutesLater(31 * day), 500))).toMatchObject({ joinKeys: 1, done: true });
    expect(await keys.countDocuments()).toBe(0);
  });
});
