import net from 'node:net';
import { StoreUnavailableError } from '../../../src/core/errors';
import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';
import { startMongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';

const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000 };

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// Verified here against the in-process wire server: error mapping to StoreUnavailableError, fast failure
// (serverSelectionTimeoutMS), start-up without MongoDB, and automatic recovery after a restart.
describe('MongoStore when MongoDB is unreachable', () => {
  it('starts anyway, rejects writes and ping with StoreUnavailableError, quickly', async () => {
    const store = await createMongoStore({ uri: `mongodb://127.0.0.1:${await closedPort()}/?directConnection=true`, serverSelectionTimeoutMs: 300 });
    const started = Date.now();
    await expect(store.recordDelivery(buildDelivery([buildAlert()]), policy)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.listIncidents({ status: 'all', limit: 10 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await store.close();
  });

  it('fails while the server is down and recovers by itself when it returns on the same port', async () => {
    let server = await startMongoWireServer();
    const { port, data } = server;
    const store = await createMongoStore({ uri: server.uri, dbName: 'unavailable', serverSelectionTimeoutMs: 500 });
    await store.recordDelivery(buildDelivery([buildAlert()]), policy);
    expect(server.commands.some((c) => c.createIndexes === 'deliveries')).toBe(true); // indexes created at start

    await server.stop();
    await expect(store.recordDelivery(buildDelivery([buildAlert({ name: 'Second' })]), policy)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);

    server = await startMongoWireServer({ port, data });
    await expect(store.ping()).resolves.toBeUndefined();
    const o = await store.recordDelivery(buildDelivery([buildAlert({ name: 'Third' })]), policy);
    expect(o.decisions[0]).toMatchObject({ kind: 'attached' });
    const [incident] = (await store.listIncidents({ status: 'open', limit: 10 })).items;
    expect(incident).toMatchObject({ alertCount: 2, deliveryCount: 2 }); // the failed delivery stored nothing
    await store.close();
    await server.stop();
  });
});
