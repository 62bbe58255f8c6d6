import Database from 'better-sqlite3';
import { fixture, startTestApp, type TestApp } from '../helpers/start-test-app';

/**
 * A 2xx means the delivery is committed (persist before acknowledge). Here another process-like connection holds SQLite's write lock, so
 * mendbot's commit cannot happen: it must answer 503 (Alertmanager retries 5xx) and store nothing.
 */
describe('when the store cannot commit', () => {
  let app: TestApp;
  let blocker: Database.Database;
  beforeEach(async () => {
    app = await startTestApp({ busyTimeoutMs: 50 });
    blocker = new Database(app.store.file);
    blocker.pragma('busy_timeout = 1000');
  });
  afterEach(async () => {
    if (blocker.open) blocker.close();
    await app.close();
  });

  const deliver = () =>
    fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture('alertmanager-firing.json') });

  it('answers 503 STORE_UNAVAILABLE and acknowledges nothing', async () => {
    blocker.exec('BEGIN IMMEDIATE');
    const res = await deliver();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    blocker.exec('ROLLBACK');
    expect(await app.store.countOpenIncidents()).toBe(0);
    const deliveries = blocker.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number };
    expect(deliveries.n).toBe(0);
  });

  it('stores the retried delivery once the store is back', async () => {
    blocker.exec('BEGIN IMMEDIATE');
    expect((await deliver()).status).toBe(503);
    blocker.exec('ROLLBACK');
    expect((await deliver()).status).toBe(200);
    expect(await app.store.countOpenIncidents()).toBe(1);
  });

  it('counts the failure in mendbot_store_errors_total', async () => {
    blocker.exec('BEGIN IMMEDIATE');
    await deliver();
    blocker.exec('ROLLBACK');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/mendbot_store_errors_total\{operation="record_delivery"\} 1/);
    expect(metrics).toMatch(/mendbot_webhook_deliveries_total\{source="alertmanager",outcome="unavailable"\} 1/);
  });
});

describe('GET /readyz', () => {
  it('answers 200 while the store is reachable and 503 once it is not', async () => {
    const app = await startTestApp();
    try {
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
      await app.store.close();
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
