import net from 'node:net';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';
import { startMendbot, type RunningMendbot } from '../../helpers/start-mendbot';
import { fixture } from '../../helpers/start-test-app';
import { waitFor } from '../../helpers/wait-for';

/** A loopback port nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * The built binary started with MONGODB_URI pointing at a port nobody listens on (MongoDB not up yet, a
 * typical start order in a cluster): the process must stay up, answer 503 on /readyz and the webhooks, and
 * serve normally once a server appears on that port, without a restart.
 */
describe('mendbot serve before MongoDB is reachable', () => {
  let mendbot: RunningMendbot | undefined;
  let mongo: MongoWireServer | undefined;
  afterEach(async () => {
    await mendbot?.stop();
    await mongo?.stop();
  });

  const deliver = () =>
    fetch(`${mendbot!.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture('alertmanager-firing.json') });

  it('stays up answering 503, then recovers by itself when the database appears', async () => {
    const port = await closedPort();
    mendbot = await startMendbot({
      env: { MONGODB_URI: `mongodb://127.0.0.1:${port}/mendbot?directConnection=true&serverSelectionTimeoutMS=300`, PLAYBOOKS_DIR: '/nonexistent-playbooks' },
    });

    const ready = await fetch(`${mendbot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const refused = await deliver();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await fetch(`${mendbot.url}/healthz`)).status).toBe(200);
    expect(mendbot.process.exitCode).toBeNull();

    mongo = await startMongoWireServer({ port });
    await waitFor(async () => (await fetch(`${mendbot!.url}/readyz`)).status === 200, { timeoutMs: 15_000, intervalMs: 200, description: '/readyz to recover' });
    // Silences are read within a second of recovery; until then a delivery is refused (503), never run unsilenced.
    await waitFor(async () => (await deliver()).status === 200, { timeoutMs: 5_000, intervalMs: 200, description: 'a delivery to be stored' });
    const incidents = (await (await fetch(`${mendbot.url}/api/incidents`)).json()) as { items: Array<{ alertCount: number }> };
    expect(incidents.items).toEqual([expect.objectContaining({ alertCount: 2 })]);
  });
});
