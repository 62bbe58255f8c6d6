import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createManualClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { pruneOldData } from '../../../src/scheduling/prune-old-data';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';

const day = 86_400_000;
const policy = { deliveriesMs: 30 * day, incidentsMs: 90 * day };
const log = createLogger({ level: 'silent' });

/**
 * The retention job on a real SQLite file: it deletes what is past the retention in short rounds and lets
 * the event loop run between them, so a webhook arriving during a long sweep is committed at once instead
 * of waiting for the sweep to end.
 */
describe('pruneOldData (the retention job) on SQLite', () => {
  let dataDir: string;
  let store: ReturnType<typeof createSqliteStore>;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-retention-'));
    store = createSqliteStore({ dataDir });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** `count` deliveries without alerts received at `at`, committed together (group commit). */
  const seed = (count: number, at: string, tag: string) =>
    Promise.all(Array.from({ length: count }, (_, i) => store.recordDelivery(buildDelivery([], { receivedAt: at, dedupeKey: `${tag}:${i}`, note: 'seed' }), defaultLifecyclePolicy)));
  /** Rows of `table` in the file, read on a connection of its own. */
  const countRows = (table: 'deliveries' | 'join_keys') => {
    const db = new Database(store.file, { readonly: true });
    try {
      return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    } finally {
      db.close();
    }
  };
  const countDeliveries = () => countRows('deliveries');

  it('deletes old deliveries in many short rounds, keeps recent ones, and counts them in mendbot_retention_deleted_total', async () => {
    await seed(1_000, '2026-01-01T00:00:00.000Z', 'old');
    await seed(10, '2026-03-10T00:00:00.000Z', 'recent');
    const metrics = createMetrics();

    const totals = await pruneOldData({ store, clock: createManualClock('2026-03-14T00:00:00.000Z'), log, metrics, policy, batchSize: 100 });
    expect(totals).toMatchObject({ deliveries: 1_000, incidents: 0 });
    expect(totals.rounds).toBeGreaterThanOrEqual(10);
    expect(countDeliveries()).toBe(10);
    expect(await metrics.registry.metrics()).toContain('mendbot_retention_deleted_total{kind="deliveries"} 1000');
  });

  it('bounds join keys: groups that only ever resolved leave keys the job deletes a retention later', async () => {
    // A sender posting resolved notifications of ever-new groups: no incident, but a join key each.
    const groups = Array.from({ length: 300 }, (_, i) => `group-${i}`);
    await Promise.all(
      groups.map((g, i) =>
        store.recordDelivery(
          buildDelivery([buildAlert({ name: g, correlationId: g, defaultCorrelationId: g, status: 'resolved', publishesJoinKeys: [`${i}`.padStart(64, 'f')] })], { receivedAt: '2026-01-01T00:00:00.000Z' }),
          defaultLifecyclePolicy,
        ),
      ),
    );
    const countKeys = () => countRows('join_keys');
    expect(countKeys()).toBe(300);
    const metrics = createMetrics();

    expect(await pruneOldData({ store, clock: createManualClock('2026-01-30T00:00:00.000Z'), log, metrics, policy, batchSize: 100 })).toMatchObject({ joinKeys: 0 });
    expect(countKeys()).toBe(300);
    const totals = await pruneOldData({ store, clock: createManualClock('2026-02-01T00:00:00.000Z'), log, metrics, policy, batchSize: 100 });
    expect(totals).toMatchObject({ joinKeys: 300, deliveries: 300 });
    expect(countKeys()).toBe(0);
    expect(await metrics.registry.metrics()).toContain('mendbot_retention_deleted_total{kind="join_keys"} 300');
  });

  it('lets a delivery arriving mid-sweep commit before the sweep ends', async () => {
    await seed(2_000, '2026-01-01T00:00:00.000Z', 'old');
    const order: string[] = [];
    const sweep = pruneOldData({ store, clock: createManualClock('2026-03-14T00:00:00.000Z'), log, policy, batchSize: 20 }).then((t) => {
      order.push('sweep done');
      return t;
    });
    const delivery = store.recordDelivery(buildDelivery([], { receivedAt: '2026-03-14T00:00:00.000Z', dedupeKey: 'live', note: 'live' }), defaultLifecyclePolicy).then(() => {
      order.push('delivery committed');
    });
    await Promise.all([sweep, delivery]);
    expect(order).toEqual(['delivery committed', 'sweep done']);
    expect((await sweep).rounds).toBeGreaterThanOrEqual(100);
  });

  it('stops at its time budget and leaves the rest to the next run', async () => {
    await seed(300, '2026-01-01T00:00:00.000Z', 'old');
    const clock = createManualClock('2026-03-14T00:00:00.000Z');
    const first = await pruneOldData({ store, clock, log, policy, batchSize: 100, budgetMs: 0 });
    expect(first).toMatchObject({ rounds: 1, deliveries: 100 });
    expect(countDeliveries()).toBe(200);
    expect(await pruneOldData({ store, clock, log, policy, batchSize: 100 })).toMatchObject({ deliveries: 200 });
    expect(countDeliveries()).toBe(0);
  });
});
