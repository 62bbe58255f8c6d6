import { MongoClient } from 'mongodb';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { buildPruneRequest } from '../../../src/core/retention/prune-request';
import type { RetentionPolicy } from '../../../src/core/retention/retention-policy';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import type { Store } from '../../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';

const day = 24 * 60;
const retention: RetentionPolicy = { deliveriesMs: 30 * day * 60_000, incidentsMs: 90 * day * 60_000 };

/**
 * Join keys on MongoDB. A group's alerts all publish its key: it is written once per delivery. Keys written by
 * a version before their touch existed have no `touchedAt`: retention counts them as touched when it first
 * sees them (as SQLite's migration does), so none goes sooner than a retention after the upgrade, and none is
 * kept forever.
 */
describe('MongoStore join keys (in-process wire server)', () => {
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

  it('writes a group’s join key once per delivery, not once per alert', async () => {
    const key = 'g'.repeat(64);
    const alerts = Array.from({ length: 50 }, (_, i) => buildAlert({ name: `Storm${i}`, publishesJoinKeys: [key] }));
    const before = server.commands.length;
    await store.recordDelivery(buildDelivery(alerts), defaultLifecyclePolicy);
    const writes = server.commands.slice(before).filter((cmd) => cmd.update === 'join_keys');
    expect(writes).toHaveLength(1);
    expect(await client.db('jk').collection('join_keys').findOne({ _id: key as never })).toMatchObject({ correlationId: 'group-1' });
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

describe('MongoStore join keys across two replicas (in-process wire server)', () => {
  let server: MongoWireServer;
  let client: MongoClient;
  let sweeping: Store;
  let publishing: Store;
  beforeEach(async () => {
    server = await startMongoWireServer();
    client = new MongoClient(server.uri);
    sweeping = await createMongoStore({ uri: server.uri, dbName: 'jk2' });
    publishing = await createMongoStore({ uri: server.uri, dbName: 'jk2' });
  });
  afterEach(async () => {
    await sweeping.close();
    await publishing.close();
    await client.close();
    await server.stop();
  });

  it('keeps a key another replica publishes between the sweep reading it as prunable and deleting it', async () => {
    const keys = client.db('jk2').collection<{ _id: string; correlationId: string; touchedAt?: Date }>('join_keys');
    const key = 'r'.repeat(64);
    // Touched 40 days before the sweep, and no incident has its correlation ID: prunable.
    await keys.insertOne({ _id: key, correlationId: 'group-gone', touchedAt: new Date(minutesLater(0)) });
    const sweepAt = minutesLater(40 * day);

    // Right before the sweep's delete of join keys, the other replica records a delivery of the same group.
    let interleaved = false;
    server.beforeCommand = async (cmd) => {
      if (cmd.delete !== 'join_keys' || interleaved) return;
      interleaved = true;
      const alert = buildAlert({ name: 'Back', publishesJoinKeys: [key] });
      await publishing.recordDelivery(buildDelivery([alert], { receivedAt: sweepAt }), defaultLifecyclePolicy);
    };
    const result = await sweeping.prune(buildPruneRequest(retention, sweepAt, 500));

    expect(interleaved).toBe(true);
    expect(result).toMatchObject({ joinKeys: 0 });
    expect(await keys.findOne({ _id: key })).toEqual({ _id: key, correlationId: 'group-1', touchedAt: new Date(sweepAt) });
  });
});
