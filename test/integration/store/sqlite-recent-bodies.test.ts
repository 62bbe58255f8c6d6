import { migrate } from '../../../src/store/sqlite/migrations';
import { bodyText, prepareBodies } from '../../../src/store/sqlite/sqlite-bodies';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/** Migration 15: bodies found again by hash in memory, among the latest stored, instead of through an index. */
describe('SQLite bodies found among the latest stored (migration 15)', () => {
  const sqlite = useTempSqlite('mendbot-recent-bodies-');
  const now = () => '2026-12-06T00:00:00.000Z';
  // Over the 1 KB deflate threshold, so stored deflated like a real notification.
  const body = (n: number) => JSON.stringify({ groupKey: `{}:{alertname="A${n}"}`, padding: 'x'.repeat(1500), n });
  const rows = () => sqlite.db.prepare('SELECT id, refs, raw FROM bodies ORDER BY id').all() as Array<{ id: number; refs: number; raw: unknown }>;
  const keep = (bodies: ReturnType<typeof prepareBodies>, text: string) => sqlite.db.transaction(() => bodies.keep(text, 1))();

  it('drops the hash index on upgrade from 14 and keeps the hash column', () => {
    const db = sqlite.db;
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.prepare("INSERT INTO schema_migrations VALUES (15, 'held back', ?)").run(now());
    migrate(db, now);
    db.prepare('DELETE FROM schema_migrations WHERE version = 15').run();
    const index = db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = 'bodies_by_hash'").pluck();
    expect(index.get()).toBe(1);
    expect(migrate(db, now)).toBe(1);
    expect(index.get()).toBe(0);
    expect((db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('bodies') as string[]).sort()).toEqual(['hash', 'id', 'raw', 'refs']);
  });

  it('stores a re-sent body once while it is among the latest, and a second copy (never a wrong one) after', () => {
    migrate(sqlite.db, now);
    const bodies = prepareBodies(sqlite.db, 2);
    const first = keep(bodies, body(1));
    expect(keep(bodies, body(1))).toBe(first);
    keep(bodies, body(2));
    expect(keep(bodies, body(1))).toBe(first); // still one of the latest two
    keep(bodies, body(3));
    keep(bodies, body(4));
    const again = keep(bodies, body(1)); // forgotten: stored again
    expect(again).not.toBe(first);
    const stored = rows();
    expect(stored.map((r) => r.refs)).toEqual([3, 1, 1, 1, 1]);
    expect(stored.map((r) => bodyText(r.raw))).toEqual([body(1), body(2), body(3), body(4), body(1)]);
  });

  it('remembers exactly the latest ones after many more were stored', () => {
    migrate(sqlite.db, now);
    const bodies = prepareBodies(sqlite.db, 3);
    const ids = sqlite.db.transaction(() => Array.from({ length: 10 }, (_, n) => bodies.keep(body(n), 1)))();
    for (const n of [7, 8, 9]) expect(keep(bodies, body(n))).toBe(ids[n]);
    expect(keep(bodies, body(6))).not.toBe(ids[6]);
    // That second copy of 6 is now among the latest three, and 7 is not.
    expect(keep(bodies, body(6))).toBe(keep(bodies, body(6)));
    expect(keep(bodies, body(7))).not.toBe(ids[7]);
  });

  it('remembers the latest thousand bodies across a restart', () => {
    migrate(sqlite.db, now);
    const before = prepareBodies(sqlite.db);
    const ids = sqlite.db.transaction(() => Array.from({ length: 1002 }, (_, n) => before.keep(body(n), 1)))();
    const after = prepareBodies(sqlite.db); // what a restarted store prepares
    expect(keep(after, body(1001))).toBe(ids[1001]);
    expect(keep(after, body(2))).toBe(ids[2]);
    expect(keep(after, body(1))).not.toBe(ids[1]); // older than the latest thousand: a second copy
    expect(sqlite.db.prepare('SELECT COUNT(*) FROM bodies').pluck().get()).toBe(1003);
  });

  it('never points at a body whose insert was rolled back, even when its id went to another text', () => {
    migrate(sqlite.db, now);
    const bodies = prepareBodies(sqlite.db);
    const rolledBack = sqlite.db.transaction(() => {
      bodies.keep(body(1), 1);
      throw new Error('the batch failed');
    });
    expect(() => rolledBack()).toThrow('the batch failed');
    const other = keep(bodies, body(2)); // takes the rolled-back row's id
    const id = keep(bodies, body(1));
    expect(id).not.toBe(other);
    expect(bodyText(rows().find((r) => r.id === id)!.raw)).toBe(body(1));
    expect(bodyText(rows().find((r) => r.id === other)!.raw)).toBe(body(2));
  });

  it('stores a body again once retention deleted it', () => {
    migrate(sqlite.db, now);
    const bodies = prepareBodies(sqlite.db);
    const first = keep(bodies, body(1));
    keep(bodies, body(2));
    sqlite.db.prepare('DELETE FROM bodies WHERE id = ?').run(first);
    const again = keep(bodies, body(1));
    expect(again).not.toBe(first);
    expect(bodyText(rows().find((r) => r.id === again)!.raw)).toBe(body(1));
  });
});
