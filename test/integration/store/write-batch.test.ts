import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../../src/core/errors';
import { createWriteBatch } from '../../../src/store/sqlite/create-write-batch';

/** Group commit for the store's hot writes, on a real SQLite file with a second connection watching. */
describe('createWriteBatch', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-run-batch-'));
    db = new Database(path.join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    other = new Database(path.join(dir, 'x.db'));
  });
  afterEach(() => {
    other.close();
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const insert = (k: string, v: number) => db.transaction(() => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v).changes)();
  const committed = () => other.prepare('SELECT k FROM t ORDER BY k').pluck().all();

  it('writes asked for in one turn share one transaction, and each answers only once it is committed', async () => {
    const { write: batch } = createWriteBatch(db, 1000);
    const seen: string[][] = [];
    const writes = ['a', 'b', 'c'].map((k, i) =>
      batch(() => insert(k, i)).then((changes) => {
        seen.push(committed() as string[]);
        return changes;
      }),
    );
    expect(committed()).toEqual([]);
    await expect(Promise.all(writes)).resolves.toEqual([1, 1, 1]);
    // Every answer came after all three were visible to another connection: one COMMIT for the three.
    expect(seen).toEqual([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']]);
  });

  it('a write that throws is rolled back and rejected alone; the others commit', async () => {
    const { write: batch } = createWriteBatch(db, 1000);
    const failing = db.transaction(() => {
      db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('half-done', 1);
      throw new Error('lease lost');
    });
    const results = await Promise.allSettled([batch(() => insert('a', 1)), batch(() => failing()), batch(() => insert('b', 2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('lease lost'));
    expect(committed()).toEqual(['a', 'b']);
  });

  it('plain writes run once each when none throws; one that half-writes and throws is undone alone', async () => {
    const { write: batch } = createWriteBatch(db, 1000);
    const put = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const runs = new Map<string, number>();
    const plain = (k: string, fail = false) => () => {
      runs.set(k, (runs.get(k) ?? 0) + 1);
      put.run(k, 1);
      if (fail) throw new Error(`${k} failed after writing`);
      return k;
    };
    await expect(Promise.all([batch(plain('a')), batch(plain('b'))])).resolves.toEqual(['a', 'b']);
    expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 1 });
    expect(db.inTransaction).toBe(false);

    runs.clear();
    const results = await Promise.allSettled([batch(plain('c')), batch(plain('half', true)), batch(plain('d'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('half failed after writing'));
    expect(committed()).toEqual(['a', 'b', 'c', 'd']);
    // The shared transaction was rolled back and tried again with a savepoint each: c ran twice, d once
    // (the first attempt stopped at the throw).
    expect(Object.fromEntries(runs)).toEqual({ c: 2, half: 2, d: 1 });

    await expect(batch(plain('alone', true))).rejects.toThrow('alone failed after writing');
    expect(committed()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('retries a batch refused as busy until the other writer lets go, within the busy timeout', async () => {
    db.pragma('busy_timeout = 0');
    const { write: batch } = createWriteBatch(db, 2000);
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('other', 0);
    const write = batch(() => insert('mine', 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    other.exec('COMMIT');
    await expect(write).resolves.toBe(1);
    expect(committed()).toEqual(['mine', 'other']);
  });

  it('gives up with the busy error once the busy timeout is spent, having written nothing', async () => {
    db.pragma('busy_timeout = 0');
    const { write: batch } = createWriteBatch(db, 30);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(batch(() => insert('mine', 1))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    } finally {
      other.exec('ROLLBACK');
    }
    expect(committed()).toEqual([]);
  });

  it('a BEGIN that meets another writer never waits on the event loop, and the connection keeps its busy timeout', async () => {
    // The store's setting: other transactions on this connection wait up to 1 s for a lock.
    db.pragma('busy_timeout = 1000');
    const { write: batch } = createWriteBatch(db, 1000);
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('other', 0);
    // Timer ticks every 5 ms while the lock is held: with SQLite's busy handler on the event loop, the first
    // attempt would sleep there for the whole second, and the other writer (on this thread) could never commit.
    const ticks: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      ticks.push(now - last);
      last = now;
    }, 5);
    const write = batch(() => insert('mine', 1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    other.exec('COMMIT');
    await expect(write).resolves.toBe(1);
    clearInterval(ticker);
    expect(committed()).toEqual(['mine', 'other']);
    expect(ticks.length).toBeGreaterThan(5);
    expect(Math.max(...ticks)).toBeLessThan(80);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1000);
  });

  it('waits while the checkpointer resets the WAL', async () => {
    const resettingWal = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(resettingWal, 0, 1);
    const { write: batch } = createWriteBatch(db, 1000, resettingWal);
    let done = false;
    const write = batch(() => insert('a', 1)).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    expect(committed()).toEqual([]);
    Atomics.store(resettingWal, 0, 0);
    await write;
    expect(committed()).toEqual(['a']);
  });

  it('rejects with StoreUnavailableError once the database is closed', async () => {
    const { write: batch } = createWriteBatch(db, 1000);
    const write = batch(() => insert('a', 1));
    db.close();
    await expect(write).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
