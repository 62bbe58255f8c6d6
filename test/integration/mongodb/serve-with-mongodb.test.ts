import { startMendbot, type RunningMendbot } from '../../helpers/start-mendbot';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';
import { fixture } from '../../helpers/start-test-app';
import { waitFor } from '../../helpers/wait-for';

/**
 * The built mendbot with MONGODB_URI set, against the in-process wire-compatible server (a stand-in for
 * MongoDB: see README "MongoDB" for what it does not implement). Checks the failure behaviour the issue asks
 * for: the process stays up, /readyz and webhooks answer 503 while MongoDB is away (never a 2xx for what was
 * not stored), and recovery needs no restart.
 */
describe('mendbot serve on MongoDB', () => {
  let mongo: MongoWireServer;
  let mendbot: RunningMendbot | undefined;
  afterEach(async () => {
    await mendbot?.stop();
    await mongo?.stop();
  });

  const deliver = (name = 'alertmanager-firing.json') =>
    fetch(`${mendbot!.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture(name) });

  it('stores deliveries, answers 503 while MongoDB is down, and recovers by itself', async () => {
    mongo = await startMongoWireServer();
    const { port, data } = mongo;
    mendbot = await startMendbot({ env: { MONGODB_URI: `${mongo.uri}&serverSelectionTimeoutMS=500`, PLAYBOOKS_DIR: '/nonexistent-playbooks' } });
    expect((await deliver()).status).toBe(200);
    const incidents = (await (await fetch(`${mendbot.url}/api/incidents`)).json()) as { items: Array<{ alertCount: number }> };
    expect(incidents.items).toEqual([expect.objectContaining({ alertCount: 2 })]);

    await mongo.stop();
    const down = await deliver('alertmanager-resolved.json');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await fetch(`${mendbot.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${mendbot.url}/healthz`)).status).toBe(200);

    mongo = await startMongoWireServer({ port, data });
    await waitFor(async () => (await fetch(`${mendbot!.url}/readyz`)).status === 200, { timeoutMs: 15_000, intervalMs: 200 });
    expect((await deliver('alertmanager-resolved.json')).status).toBe(200);
    const resolved = (await (await fetch(`${mendbot.url}/api/incidents?status=resolved`)).json()) as { items: unknown[] };
    expect(resolved.items).toHaveLength(1);
  });
});
