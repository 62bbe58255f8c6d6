import { migrate } from '../../../src/store/sqlite/migrations';
import { prepareStatements } from '../../../src/store/sqlite/sqlite-statements';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/** Migration 13: alerts found by key through an index ordered by the key's time part (what follows its '@'). */
describe('SQLite migration 13 (alert keys indexed by time)', () => {
  const now = () => '2026-01-01T00:00:00.000Z';
  const sqlite = useTempSqlite('mendbot-migration-13-');
  const db = () => sqlite.db;

  /** Version 12, holding alerts whose keys share time parts, fingerprints, or have no '@' at all. */
  function atVersion12(): void {
    db().exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db().prepare("INSERT INTO schema_migrations VALUES (13, 'held back', ?)").run(now());
    migrate(db(), now);
    db().prepare('DELETE FROM schema_migrations WHERE version = 13').run();
    const incident = db().prepare(`INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources) VALUES (?, ?, ?, 't', ?, ?, '[]')`);
    incident.run('inc_1', 'c1', 'resolved', now(), now());
    incident.run('inc_2', 'c2', 'open', now(), now());
    incident.run('inc_3', 'c3', 'open', now(), now());
    const alert = db().prepare(
      `INSERT INTO alerts (incident_id, key, source, fingerprint, status, labels, annotations, starts_at, summary, first_seen_at, last_seen_at, delivery_count, last_event_at)
       VALUES (?, ?, 'alertmanager', 'f', ?, '{}', '{}', 'x', 's', 'x', 'x', 1, ?)`,
    );
    alert.run('inc_1', 'am:aaaa@2026-01-01T00:00:00Z', 'resolved', 'e1');
    alert.run('inc_2', 'am:aaaa@2026-01-01T00:00:00Z', 'firing', 'e2'); // the same key later: the latest wins
    alert.run('inc_3', 'am:bbbb@2026-01-01T00:00:00Z', 'firing', 'e3'); // same time part, another key
    alert.run('inc_1', 'pd:P123', 'firing', 'e4'); // no '@': the whole key is its time part
    alert.run('inc_3', 'pd:P123', 'resolved', 'e5');
    alert.run('inc_2', 'odd@key@2026', 'firing', 'e6'); // split at the first '@'
  }

  const indexes = () => db().prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND sql IS NOT NULL ORDER BY name").pluck().all();

  it('replaces the index by fingerprint with one by time, keeping every row', () => {
    atVersion12();
    expect(indexes()).toEqual(['alerts_by_key']);
    const before = db().prepare('SELECT * FROM alerts ORDER BY rowid').all();
    expect(migrate(db(), now)).toBe(1);
    expect(indexes()).toEqual(['alerts_by_key_time']);
    expect(db().prepare('SELECT * FROM alerts ORDER BY rowid').all()).toEqual(before);
    expect(db().pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('finds the latest alert per key exactly, through the new index, for every kind of key', () => {
    atVersion12();
    migrate(db(), now);
    const st = prepareStatements(db());
    const one = (key: string) => st.occurrence.get({ key }) as { incident_id: string; status: string; last_event_at: string } | undefined;
    expect(one('am:aaaa@2026-01-01T00:00:00Z')).toEqual({ incident_id: 'inc_2', status: 'firing', last_event_at: 'e2' });
    expect(one('am:bbbb@2026-01-01T00:00:00Z')).toEqual({ incident_id: 'inc_3', status: 'firing', last_event_at: 'e3' });
    expect(one('pd:P123')).toEqual({ incident_id: 'inc_3', status: 'resolved', last_event_at: 'e5' });
    expect(one('odd@key@2026')?.incident_id).toBe('inc_2');
    expect(one('am:cccc@2026-01-01T00:00:00Z')).toBeUndefined();
    expect(one('am:aaaa@2026-01-01T00:00:01Z')).toBeUndefined();

    const many = st.occurrences.all(JSON.stringify(['am:aaaa@2026-01-01T00:00:00Z', 'pd:P123', 'am:cccc@2026-01-01T00:00:00Z', 'odd@key@2026'])) as Array<{ key: string; incident_id: string; status: string }>;
    expect(many.map((r) => [r.key, r.incident_id, r.status]).sort()).toEqual([
      ['am:aaaa@2026-01-01T00:00:00Z', 'inc_2', 'firing'],
      ['odd@key@2026', 'inc_2', 'firing'],
      ['pd:P123', 'inc_3', 'resolved'],
    ]);

    expect((st.incidentOfLatestAlert.get({ key: 'pd:P123' }) as { id: string }).id).toBe('inc_3');
    expect((st.incidentOfLatestAlert.get({ key: 'am:aaaa@2026-01-01T00:00:00Z' }) as { id: string }).id).toBe('inc_2');
    expect(st.incidentOfLatestAlert.get({ key: 'am:cccc@2026-01-01T00:00:00Z' })).toBeUndefined();

    // Each lookup searches the index by time part and key; none scans the alerts table.
    for (const [statement, args] of [
      [st.occurrence, [{ key: 'pd:P123' }]],
      [st.occurrences, ['["pd:P123"]']],
      [st.incidentOfLatestAlert, [{ key: 'pd:P123' }]],
    ] as const) {
      const plan = (db().prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/SEARCH a(lerts)? USING (COVERING )?INDEX alerts_by_key_time \(<expr>=\? AND key=\?\)/);
      expect(plan).not.toMatch(/SCAN a(lerts)?\b/);
    }
  });
});
