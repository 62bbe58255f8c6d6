import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../src/store/sqlite/migrations';

/** Migration 11 turns alerts and timeline into rowid tables: same columns, keys, index and rows. */
describe('SQLite migration 11 (alerts and timeline as rowid tables)', () => {
  const now = () => '2026-01-01T00:00:00.000Z';
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-migration-11-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A database at version 10 holding an incident with two alerts and three timeline entries. */
  function databaseAtVersion10(): Database.Database {
    const db = new Database(path.join(dir, 'mendbot.db'));
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.prepare("INSERT INTO schema_migrations VALUES (11, 'held back', ?)").run(now());
    migrate(db, now);
    db.prepare('DELETE FROM schema_migrations WHERE version = 11').run();
    db.prepare(`INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources) VALUES ('inc_1', 'c', 'open', 't', ?, ?, '["alertmanager"]')`).run(now(), now());
    const alert = db.prepare(
      `INSERT INTO alerts (incident_id, key, source, fingerprint, status, labels, annotations, starts_at, ends_at, generator_url, summary,
         first_seen_at, last_seen_at, delivery_count, last_event_at) VALUES ('inc_1', ?, 'alertmanager', ?, ?, '{"a":"1"}', '{}', ?, NULL, NULL, 's', ?, ?, 2, ?)`,
    );
    alert.run('k2', 'f2', 'resolved', now(), now(), now(), now());
    alert.run('k1', 'f1', 'firing', now(), now(), now(), null);
    const event = db.prepare(`INSERT INTO timeline (incident_id, seq, at, type, message, data) VALUES ('inc_1', ?, ?, 'alert_received', ?, '{}')`);
    for (const seq of [1, 2, 3]) event.run(seq, now(), `event ${seq}`);
    return db;
  }

  const tableSql = (db: Database.Database, name: string) => (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string) ?? '';

  it('keeps every row and column, the keys and the index, without WITHOUT ROWID', () => {
    const db = databaseAtVersion10();
    try {
      expect(tableSql(db, 'alerts')).toMatch(/WITHOUT ROWID/);
      const alertsBefore = db.prepare('SELECT * FROM alerts ORDER BY incident_id, key').all();
      const timelineBefore = db.prepare('SELECT * FROM timeline ORDER BY incident_id, seq').all();
      expect(migrate(db, now)).toBe(1);
      expect(tableSql(db, 'alerts')).not.toMatch(/WITHOUT ROWID/);
      expect(tableSql(db, 'timeline')).not.toMatch(/WITHOUT ROWID/);
      expect(db.prepare('SELECT * FROM alerts ORDER BY incident_id, key').all()).toEqual(alertsBefore);
      expect(db.prepare('SELECT * FROM timeline ORDER BY incident_id, seq').all()).toEqual(timelineBefore);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND name = 'alerts_by_key'").pluck().all()).toEqual(['alerts_by_key']);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_rowid'").all()).toEqual([]);
      // The keys still refuse a second row, and the foreign key still holds.
      expect(() => db.prepare(`INSERT INTO timeline (incident_id, seq, at, type, message, data) VALUES ('inc_1', 3, 'x', 't', 'm', '{}')`).run()).toThrow(/UNIQUE/);
      expect(() =>
        db
          .prepare(
            `INSERT INTO alerts (incident_id, key, source, fingerprint, status, labels, annotations, starts_at, summary, first_seen_at, last_seen_at, delivery_count)
             VALUES ('inc_1', 'k1', 'alertmanager', 'f', 'firing', '{}', '{}', 'x', 's', 'x', 'x', 1)`,
          )
          .run(),
      ).toThrow(/UNIQUE/);
      expect(() =>
        db
          .prepare(
            `INSERT INTO alerts (incident_id, key, source, fingerprint, status, labels, annotations, starts_at, summary, first_seen_at, last_seen_at, delivery_count)
             VALUES ('inc_missing', 'k9', 'alertmanager', 'f', 'firing', '{}', '{}', 'x', 's', 'x', 'x', 1)`,
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(migrate(db, now)).toBe(0);
    } finally {
      db.close();
    }
  });
});
