import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../../src/core/errors';
import { migrateSqliteToMongo } from '../../../src/store/migrate/migrate-sqlite-to-mongo';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { openSqliteReader } from '../../../src/store/sqlite/open-sqlite-reader';

const repoRoot = path.join(__dirname, '..', '..', '..');
/** The newest migration this version knows: set by the first store the tests make. */
let latest = 0;

/** A store as a newer mendbot would leave it: every migration this version knows, one more, and an incident. */
async function storeFromANewerMendbot(dir: string): Promise<void> {
  const store = createSqliteStore({ dataDir: dir, checkpointer: false });
  await store.close();
  const db = new Database(path.join(dir, 'mendbot.db'));
  latest = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number;
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(latest + 1, 'alerts in a form this version cannot read', '2027-01-01T00:00:00.000Z');
  db.prepare(`INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources) VALUES ('inc_new', 'c', 'open', 't', '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '[]')`).run();
  db.close();
}

/** Everything the store holds, as rows: to tell that a refusal wrote nothing. */
function contents(dir: string): string {
  const db = new Database(path.join(dir, 'mendbot.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).raw().all()]));
  } finally {
    db.close();
  }
}

describe('a store written by a newer mendbot', () => {
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-newer-store-'));
    await storeFromANewerMendbot(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is refused before anything is written, naming the migration and what to do', () => {
    const before = contents(dir);
    let error: unknown;
    try {
      createSqliteStore({ dataDir: dir, checkpointer: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(`migration ${latest + 1} (alerts in a form this version cannot read)`);
    expect((error as Error).message).toContain(`knows migrations up to ${latest}`);
    expect((error as Error).message).toMatch(/restore a backup/);
    expect(contents(dir)).toBe(before);
    // The refused store was closed: it can be opened and written by someone else at once.
    const db = new Database(path.join(dir, 'mendbot.db'));
    expect(db.prepare("UPDATE incidents SET title = 'still writable' WHERE id = 'inc_new'").run().changes).toBe(1);
    db.close();
  });

  it('stops `mendbot serve` with exit code 1 and that message, without a stack', async () => {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', path.join(repoRoot, 'src', 'cli.ts'), 'serve'],
        { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', MENDBOT_DATA_DIR: dir, PORT: '0', MENDBOT_HOST: '127.0.0.1', PLAYBOOKS_DIR: path.join(dir, 'none') }, timeout: 20_000 },
        (e, _stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stderr }),
      );
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`mendbot: the store cannot be used: the store was written by a newer mendbot: it has migration ${latest + 1}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('is refused by the read-only openers too: `mendbot backtest` and the copy to MongoDB (before MongoDB is touched)', async () => {
    expect(() => openSqliteReader({ dataDir: dir })).toThrow(StoreUnavailableError);
    const lines: string[] = [];
    // Nothing listens on port 1: had the copy got as far as MongoDB, it would fail connecting, not with this.
    await expect(migrateSqliteToMongo({ sqliteFile: path.join(dir, 'mendbot.db'), mongoUri: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500', log: (l) => lines.push(l) })).rejects.toThrow(
      `it has migration ${latest + 1}`,
    );
    expect(lines).toEqual([]);
  });

  it('is still opened when its newest migration is one this version knows (an older store is migrated as before)', async () => {
    const db = new Database(path.join(dir, 'mendbot.db'));
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(latest + 1);
    db.close();
    const store = createSqliteStore({ dataDir: dir, checkpointer: false });
    expect((await store.getIncident('inc_new'))?.incident.id).toBe('inc_new');
    await store.close();
    const reader = openSqliteReader({ dataDir: dir });
    expect(await reader.listDeliveries({ since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z', limit: 1 })).toEqual([]);
    await reader.close();
  });
});
