import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import type { Store } from '../../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';
import { MongoClient } from 'mongodb';

const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000 };

/**
 * The guarantees that rest on `_id`-keyed claim documents, which the in-process wire server enforces as
 * a real MongoDB does (duplicate `_id` → E11000). Two stores on one database stand in for two processes.
 */
describe('MongoStore claim documents (in-process wire server)', () => {
  let server: MongoWireServer;
  let client: MongoClient;
  const stores: Store[] = [];
  const open = async (dbName: string) => {
    const s = await createMongoStore({ uri: server.uri, dbName });
    stores.push(s);
    return s;
  };
  beforeEach(async () => {
    server = await startMongoWireServer();
    client = new MongoClient(server.uri);
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await client.close();
    await server.stop();
  });

  it('two processes recording the same alerts concurrently open one incident and count every delivery', async () => {
    const [a, b] = [await open('two'), await open('two')];
    const deliveries = Array.from({ length: 40 }, () => buildDelivery([buildAlert(), buildAlert({ name: 'HighErrorRate' })]));
    const outcomes = await Promise.all(deliveries.map((d, i) => (i % 2 ? a : b).recordDelivery(d, policy)));
    expect(outcomes.filter((o) => o.decisions.some((d) => d.kind === 'new_incident'))).toHaveLength(1);
    const all = (await a.listIncidents({ status: 'all', limit: 10 })).items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ deliveryCount: 40, alertCount: 2, firingCount: 2 });
    const detail = await b.getIncident(all[0]!.id);
    expect(detail!.timeline.map((e) => e.seq)).toEqual(detail!.timeline.map((_, i) => i + 1));
  });

  it('two processes receiving the same dedupe key store it once', async () => {
    const [a, b] = [await open('dedupe'), await open('dedupe')];
    const d = buildDelivery([buildAlert()], { dedupeKey: 'pagerduty:x' });
    const outcomes = await Promise.all([a.recordDelivery(d, policy), b.recordDelivery({ ...d, id: 'dlv_other' }, policy)].map((p) => p.catch((e: Error) => e)));
    // One stores it; the other either sees it done (duplicate) or, while it is being applied, gets a 503 to retry.
    expect(outcomes.filter((o) => !(o instanceof Error) && !o.duplicateDelivery)).toHaveLength(1);
    expect((await a.listIncidents({ status: 'open', limit: 10 })).items[0]).toMatchObject({ deliveryCount: 1 });
  });

  it('refuses a second open incident for a correlation ID held by an open one (the claim document)', async () => {
    const store = await open('claim');
    await store.recordDelivery(buildDelivery([buildAlert()]), policy);
    const db = client.db('claim');
    const claim = await db.collection<{ _id: string; incidentId: string }>('open_incidents').findOne({ _id: 'group-1' });
    // Another writer that skipped the lease cannot insert a second claim: the database refuses it.
    await expect(db.collection<{ _id: string }>('open_incidents').insertOne({ _id: 'group-1' })).rejects.toMatchObject({ code: 11000 });
    expect(claim!.incidentId).toBe((await store.listIncidents({ status: 'open', limit: 1 })).items[0]!.id);
  });

  it('replaces a stale claim left by a crash between resolving an incident and removing its claim', async () => {
    const store = await open('stale');
    await store.recordDelivery(buildDelivery([buildAlert()]), policy);
    const [first] = (await store.listIncidents({ status: 'open', limit: 1 })).items;
    await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })], { receivedAt: minutesLater(1) }), policy);
    const claims = client.db('stale').collection<{ _id: string; incidentId: string }>('open_incidents');
    await claims.insertOne({ _id: 'group-1', incidentId: first!.id }); // simulate the crash: claim still there
    const o = await store.recordDelivery(buildDelivery([buildAlert({ startsAt: minutesLater(30) })], { receivedAt: minutesLater(30) }), policy);
    expect(o.decisions[0]).toMatchObject({ kind: 'new_incident' });
    expect((await claims.findOne({ _id: 'group-1' }))!.incidentId).toBe(o.decisions[0]!.incidentId);
  });

  it('creates the indexes at start-up, idempotently, including the retention TTL', async () => {
    await open('idx');
    await open('idx');
    const indexes = await client.db('idx').collection('deliveries').listIndexes().toArray();
    expect(indexes.filter((i) => i.name === 'retention_receivedAtDate')).toEqual([
      expect.objectContaining({ key: { receivedAtDate: 1 }, expireAfterSeconds: 30 * 86_400 }),
    ]);
  });
});
