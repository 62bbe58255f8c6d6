import path from 'node:path';
import Database from 'better-sqlite3';
import { startMendbot, type RunningMendbot } from '../../helpers/start-mendbot';
import { fixture } from '../../helpers/start-test-app';
import { waitFor } from '../../helpers/wait-for';

/**
 * The built mendbot on SQLite while another connection holds the write lock, as a full disk would: reads
 * still work (WAL), every commit fails and every webhook answers 503. Readiness must say so — /readyz 503
 * with the reason — and come back by itself once a commit succeeds again, even with no traffic (a load
 * balancer that saw 503 sends none).
 */
describe('/readyz reflects whether the store can commit', () => {
  let mendbot: RunningMendbot | undefined;
  let blocker: Database.Database | undefined;
  afterEach(async () => {
    if (blocker?.open) blocker.close();
    await mendbot?.stop();
  });

  const deliver = () =>
    fetch(`${mendbot!.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture('alertmanager-firing.json') });
  const readyz = async () => {
    const res = await fetch(`${mendbot!.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
  };

  it('answers 503 with the reason after failed commits, and 200 again once a commit succeeds', async () => {
    mendbot = await startMendbot();
    expect((await readyz()).status).toBe(200);

    blocker = new Database(path.join(mendbot.dataDir, 'mendbot.db'));
    blocker.exec('BEGIN IMMEDIATE');
    expect((await deliver()).status).toBe(503);
    const unready = await readyz();
    expect(unready.status).toBe(503);
    expect(unready.body.code).toBe('STORE_UNAVAILABLE');
    expect(unready.body.message).toMatch(/cannot commit.*database is locked/);
    expect((await fetch(`${mendbot.url}/healthz`)).status).toBe(200);

    // No delivery arrives: /readyz's own commit probe notices the recovery.
    blocker.exec('ROLLBACK');
    await waitFor(async () => (await readyz()).status === 200, { timeoutMs: 10_000, intervalMs: 200, description: '/readyz to recover' });
    expect((await deliver()).status).toBe(200);
    expect((await readyz()).status).toBe(200);
  });
});
