import { migrate } from '../../../src/store/sqlite/migrations';
import { joinKeyTouchRefreshMs, prepareStatements } from '../../../src/store/sqlite/sqlite-statements';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/**
 * Publishing a join key: the last correlation ID wins, and publishing the stored pair again writes nothing
 * unless the key's touch (what retention judges it by) is over an hour old.
 */
describe('SQLite join keys', () => {
  const sqlite = useTempSqlite('mendbot-join-keys-');
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  const publish = (st: ReturnType<typeof prepareStatements>, joinKey: string, correlationId: string, touchedAt = t0) =>
    st.publishJoinKey.run({ joinKey, correlationId, touchedAt }).changes;

  it('writes a key once, again only when its correlation ID changes', () => {
    const db = sqlite.db;
    migrate(db, () => '2026-01-01T00:00:00.000Z');
    const st = prepareStatements(db);
    const stored = () => db.prepare('SELECT join_key, correlation_id FROM join_keys ORDER BY join_key').all();

    expect(publish(st, 'k1', 'group-1')).toBe(1);
    // The same pair again (every repeat delivery of a group): no row changed, so no page to write.
    expect(publish(st, 'k1', 'group-1', t0 + 1000)).toBe(0);
    expect(stored()).toEqual([{ join_key: 'k1', correlation_id: 'group-1' }]);

    expect(publish(st, 'k1', 'group-2')).toBe(1);
    expect(publish(st, 'k2', 'group-1')).toBe(1);
    expect(stored()).toEqual([
      { join_key: 'k1', correlation_id: 'group-2' },
      { join_key: 'k2', correlation_id: 'group-1' },
    ]);
  });

  it('renews the touch of an unchanged pair once it is over an hour old, and never moves it back', () => {
    const db = sqlite.db;
    migrate(db, () => '2026-01-01T00:00:00.000Z');
    const st = prepareStatements(db);
    const touched = () => db.prepare('SELECT touched_at FROM join_keys WHERE join_key = ?').pluck().get('k1');

    publish(st, 'k1', 'group-1');
    expect(touched()).toBe(t0);
    expect(publish(st, 'k1', 'group-1', t0 + joinKeyTouchRefreshMs)).toBe(0);
    expect(touched()).toBe(t0);
    expect(publish(st, 'k1', 'group-1', t0 + joinKeyTouchRefreshMs + 1)).toBe(1);
    expect(touched()).toBe(t0 + joinKeyTouchRefreshMs + 1);
    // A new correlation ID from an older delivery (another clock) changes the pair but not the touch.
    expect(publish(st, 'k1', 'group-2', t0)).toBe(1);
    expect(touched()).toBe(t0 + joinKeyTouchRefreshMs + 1);
  });

  it('migration 16 counts keys stored before it as touched at the migration, and indexes the touch', () => {
    const db = sqlite.db;
    migrate(db, () => '2026-01-01T00:00:00.000Z');
    // Back to the schema before migration 16, with a key in it.
    db.exec(`DROP INDEX join_keys_by_touch; ALTER TABLE join_keys DROP COLUMN touched_at; DELETE FROM schema_migrations WHERE version = 16;
             INSERT INTO join_keys (join_key, correlation_id) VALUES ('old', 'group-1');`);
    const before = Date.now();
    expect(migrate(db, () => '2026-01-01T00:00:00.000Z')).toBe(1);
    const touchedAt = db.prepare("SELECT touched_at FROM join_keys WHERE join_key = 'old'").pluck().get() as number;
    // unixepoch() has whole seconds.
    expect(touchedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(touchedAt).toBeLessThanOrEqual(Date.now());
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT join_key FROM join_keys WHERE touched_at < 5 ORDER BY touched_at LIMIT 10').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('join_keys_by_touch');
  });
});
