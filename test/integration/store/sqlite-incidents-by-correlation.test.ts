import { migrate } from '../../../src/store/sqlite/migrations';
import { prepareStatements } from '../../../src/store/sqlite/sqlite-statements';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/** Migration 14: a correlation ID's incidents in one unique index, the open one last, instead of two indexes. */
describe('SQLite migration 14 (incidents by correlation ID, open last)', () => {
  const now = () => '2026-01-01T00:00:00.000Z';
  const sqlite = useTempSqlite('mendbot-migration-14-');
  const db = () => sqlite.db;

  const insert = (id: string, correlationId: string, status: 'open' | 'resolved') =>
    db().prepare(`INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources) VALUES (?, ?, ?, 't', ?, ?, '[]')`).run(id, correlationId, status, now(), now());

  /** Version 13, with open and resolved incidents of a few correlation IDs. */
  function atVersion13(): void {
    db().exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db().prepare("INSERT INTO schema_migrations VALUES (14, 'held back', ?)").run(now());
    migrate(db(), now);
    db().prepare('DELETE FROM schema_migrations WHERE version = 14').run();
    insert('inc_1', 'c1', 'resolved');
    insert('inc_2', 'c1', 'resolved');
    insert('inc_3', 'c1', 'open');
    insert('inc_4', 'c2', 'resolved');
    insert('inc_5', 'c3', 'open');
    insert('inc_6', 'c3', 'resolved'); // cannot happen (the open one is always the latest), but the rule is open first
  }

  const indexes = () =>
    db().prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents' AND name LIKE 'incidents_%correlation%' ORDER BY name").pluck().all();

  it('replaces the two indexes with one, keeping every row', () => {
    atVersion13();
    expect(indexes()).toEqual(['incidents_by_correlation', 'incidents_one_open_per_correlation']);
    const before = db().prepare('SELECT * FROM incidents ORDER BY id').all();
    expect(migrate(db(), now)).toBe(1);
    expect(indexes()).toEqual(['incidents_by_correlation_open_last']);
    expect(db().prepare('SELECT * FROM incidents ORDER BY id').all()).toEqual(before);
    expect(db().pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('finds the open incident of a correlation ID, else its latest, from the index alone', () => {
    atVersion13();
    migrate(db(), now);
    const st = prepareStatements(db());
    const latest = (c: string) => (st.latestIncident.get(c) as { id: string; status: string } | undefined) ?? null;
    expect(latest('c1')).toMatchObject({ id: 'inc_3', status: 'open' });
    expect(latest('c2')).toMatchObject({ id: 'inc_4', status: 'resolved' });
    expect(latest('c3')).toMatchObject({ id: 'inc_5', status: 'open' });
    expect(latest('c4')).toBeNull();
    db().prepare("UPDATE incidents SET status = 'resolved' WHERE id = 'inc_5'").run();
    expect(latest('c3')).toMatchObject({ id: 'inc_6', status: 'resolved' });

    const plan = (sql: string, ...args: unknown[]) => (db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const latestPlan = plan(st.latestIncident.source, 'c1');
    expect(latestPlan).toMatch(/SEARCH incidents USING INDEX incidents_by_correlation_open_last \(correlation_id=\?\)/);
    expect(latestPlan).not.toMatch(/TEMP B-TREE/);
    expect(plan(st.joinKeyFacts.source, { key: 'c1' })).toMatch(/SEARCH incidents USING COVERING INDEX incidents_by_correlation_open_last \(correlation_id=\?\)/);
  });

  it('still refuses a second open incident per correlation ID, and only that', () => {
    atVersion13();
    migrate(db(), now);
    expect(() => insert('inc_7', 'c1', 'open')).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    expect(() => db().prepare("UPDATE incidents SET status = 'open' WHERE id = 'inc_2'").run()).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    insert('inc_8', 'c1', 'resolved');
    insert('inc_9', 'c2', 'open');
    db().prepare("UPDATE incidents SET status = 'resolved' WHERE id = 'inc_3'").run();
    insert('inc_10', 'c1', 'open');
    expect(db().prepare("SELECT COUNT(*) FROM incidents WHERE status = 'open' AND correlation_id = 'c1'").pluck().get()).toBe(1);
  });
});
