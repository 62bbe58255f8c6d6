import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../../src/core/errors';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';

/**
 * The embedded store's group commit on its failure path: deliveries asked for in one turn share a transaction
 * without savepoints; when one throws midway, the whole transaction is rolled back and run again with a savepoint
 * each. What must hold: the others are stored exactly once (no second incident from the first attempt), the bad
 * one leaves nothing behind, and its caller gets a clear error.
 */
describe('SQLite group commit when one delivery of the batch fails', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-group-failure-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const alertOf = (group: string) => buildAlert({ name: group, fingerprint: `fp-${group}`, correlationId: group, defaultCorrelationId: group });
  // The bad delivery fails halfway: its incident row is written, then SQLite refuses its alert row (a trigger
  // added by a second connection, as a disk or constraint failure would), so the first attempt leaves half a
  // delivery in the shared transaction.
  function openStoreRefusing(group: string) {
    const store = createSqliteStore({ dataDir: dir, checkpointer: false });
    const other = new Database(path.join(dir, 'mendbot.db'));
    other.exec(`CREATE TRIGGER refuse_${group} BEFORE INSERT ON alerts WHEN NEW.fingerprint = 'fp-${group}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    other.close();
    return store;
  }

  it('stores the others once each and nothing of the bad one', async () => {
    const store = openStoreRefusing('bad');
    const groups = ['a', 'bad', 'c'];
    const outcomes = await Promise.allSettled(
      groups.map((g, i) => store.recordDelivery(buildDelivery([alertOf(g)], { receivedAt: `2026-03-14T09:40:0${i}.000Z` }), defaultLifecyclePolicy)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const reason = (outcomes[1] as PromiseRejectedResult).reason as StoreUnavailableError;
    expect(reason).toBeInstanceOf(StoreUnavailableError);
    expect(reason.message).toBe('could not record the delivery');
    await store.close();

    const db = new Database(path.join(dir, 'mendbot.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT correlation_id FROM incidents ORDER BY correlation_id').pluck().all()).toEqual(['a', 'c']);
      expect(db.prepare('SELECT COUNT(*) FROM deliveries').pluck().get()).toBe(2);
      expect(db.prepare('SELECT COUNT(*) FROM alerts').pluck().get()).toBe(2);
      // No orphan rows from the rolled-back first attempt: every timeline entry and body belongs to a stored delivery.
      expect(db.prepare('SELECT COUNT(*) FROM timeline WHERE incident_id NOT IN (SELECT id FROM incidents)').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM bodies').pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });

  it('a re-sent good delivery after the failure is a duplicate, not a second incident', async () => {
    const store = openStoreRefusing('bad');
    const first = buildDelivery([alertOf('a')]);
    await Promise.allSettled([
      store.recordDelivery(first, defaultLifecyclePolicy),
      store.recordDelivery(buildDelivery([alertOf('bad')]), defaultLifecyclePolicy),
    ]);
    const again = await store.recordDelivery({ ...first, id: `${first.id}-again` }, defaultLifecyclePolicy);
    expect(again.decisions.map((d) => d.kind)).toEqual(['duplicate']);
    const open = await store.listIncidents({ status: 'all', limit: 10 });
    expect(open.items.map((i) => i.correlationId)).toEqual(['a']);
    await store.close();
  });
});
