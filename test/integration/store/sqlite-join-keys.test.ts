import type Database from 'better-sqlite3';
import { migrate } from '../../../src/store/sqlite/migrations';
import { joinKeyTouchRefreshMs, publishSqliteJoinKey } from '../../../src/store/sqlite/publish-sqlite-join-key';
import { prepareStatements } from '../../../src/store/sqlite/sqlite-statements';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/**
 * Publishing a join key: one row per key, the last correlation ID wins, the table stays in touch order, and
 * publishing the stored pair again writes nothing unless the key's touch (what retention judges it by) is over
 * an hour old.
 */
describe('SQLite join keys', () => {
  const sqlite = useTempSqlite('mendbot-join-keys-');
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  const rows = (db: Database.Database) => db.prepare('SELECT id, join_key, correlation_id, touched_at FROM join_keys ORDER BY id').all();
  const open = () => {
    migrate(sqlite.db, () => '2026-01-01T00:00:00.000Z');
    const st = prepareStatements(sqlite.db);
    return (joinKey: string, correlationId: string, touchedAt = t0) => {
      const before = sqlite.db.prepare('SELECT total_changes()').pluck().get() as number;
      publishSqliteJoinKey(st, joinKey, correlationId, touchedAt);
      return (sqlite.db.prepare('SELECT total_changes()').pluck().get() as number) - before;
    };
  };

  it('writes a key once, again only when its correlation ID changes, and then at the end', () => {
    const publish = open();
    expect(publish('k1', 'group-1')).toBe(1);
    // The same pair again (every repeat delivery of a group): nothing written, so no page to write.
    expect(publish('k1', 'group-1', t0 + 1000)).toBe(0);
    expect(publish('k2', 'group-1')).toBe(1);
    expect(rows(sqlite.db)).toEqual([
      { id: 1, join_key: 'k1', correlation_id: 'group-1', touched_at: t0 },
      { id: 2, join_key: 'k2', correlation_id: 'group-1', touched_at: t0 },
    ]);

    // Deleted and written again at the end: one row per key, in touch order.
    expect(publish('k1', 'group-2', t0 + 2000)).toBe(2);
    expect(rows(sqlite.db)).toEqual([
      { id: 2, join_key: 'k2', correlation_id: 'group-1', touched_at: t0 },
      { id: 3, join_key: 'k1', correlation_id: 'group-2', touched_at: t0 + 2000 },
    ]);
  });

  it('renews the touch of an unchanged pair once it is over an hour old, and never moves it back', () => {
    const publish = open();
    const touched = () => sqlite.db.prepare("SELECT touched_at FROM join_keys WHERE join_key = 'k1'").pluck().all();

    publish('k1', 'group-1');
    expect(publish('k1', 'group-1', t0 + joinKeyTouchRefreshMs)).toBe(0);
    expect(touched()).toEqual([t0]);
    expect(publish('k1', 'group-1', t0 + joinKeyTouchRefreshMs + 1)).toBe(2);
    expect(touched()).toEqual([t0 + joinKeyTouchRefreshMs + 1]);
    // A new correlation ID from an older delivery (another clock) changes the pair but not the touch.
    expect(publish('k1', 'group-2', t0)).toBe(2);
    expect(touched()).toEqual([t0 + joinKeyTouchRefreshMs + 1]);
  });

  it('finds keys that share the indexed prefix by the whole key', () => {
    const publish = open();
    const st = prepareStatements(sqlite.db);
    const a = `${'a'.repeat(12)}1`;
    const b = `${'a'.repeat(12)}2`;
    publish(a, 'group-a');
    publish(b, 'group-b');
    expect(publish(a, 'group-a', t0 + 1)).toBe(0);
    expect(st.joinKeyFacts.get({ key: b })).toMatchObject({ published: 'group-b' });
    expect(st.joinKeyFacts.get({ key: 'a'.repeat(12) })).toMatchObject({ published: null });
    const plan = sqlite.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM join_keys WHERE substr(join_key, 1, 12) = substr('x', 1, 12) AND join_key = 'x'").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('join_keys_by_prefix');
  });

  it('migration 16 keeps every key, counted as touched at the migration', () => {
    const db = sqlite.db;
    migrate(db, () => '2026-01-01T00:00:00.000Z');
    // Back to the table before migration 16, with keys in it.
    db.exec(`DROP TABLE join_keys; DELETE FROM schema_migrations WHERE version = 16;
             CREATE TABLE join_keys (join_key TEXT PRIMARY KEY, correlation_id TEXT NOT NULL) WITHOUT ROWID;
             INSERT INTO join_keys VALUES ('b-old', 'group-2'), ('a-old', 'group-1');`);
    const before = Date.now();
    expect(migrate(db, () => '2026-01-01T00:00:00.000Z')).toBe(1);
    const migrated = rows(db) as Array<{ join_key: string; correlation_id: string; touched_at: number }>;
    expect(migrated.map((r) => [r.join_key, r.correlation_id])).toEqual([
      ['a-old', 'group-1'],
      ['b-old', 'group-2'],
    ]);
    // unixepoch() has whole seconds.
    for (const r of migrated) expect(r.touched_at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(prepareStatements(db).joinKeyFacts.get({ key: 'b-old' })).toMatchObject({ published: 'group-2' });
  });
});
