import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * A fresh SQLite file (foreign keys on, as the store opens it) in its own temp dir for each test of the enclosing
 * describe, closed and removed after it: `const sqlite = useTempSqlite('mendbot-migration-14-')`, then `sqlite.db`.
 */
export function useTempSqlite(prefix: string): { readonly db: Database.Database } {
  let dir = '';
  let db: Database.Database | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    db = new Database(path.join(dir, 'mendbot.db'));
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!db) throw new Error('useTempSqlite: the database exists only inside a test');
      return db;
    },
  };
}
