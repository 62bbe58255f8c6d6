import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../core/errors';

export interface WriteBatch {
  /** Runs `write` inside a shared transaction and answers once that transaction has committed. */
  write<T>(write: () => T): Promise<T>;
  /** Writes what is queued now (closing the store). */
  flush(): void;
}

interface Pending {
  write: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  since: number;
}

/** Carries what a write threw out of the shared transaction, apart from failures of BEGIN or COMMIT. */
class WriteThrew extends Error {
  constructor(override readonly cause: unknown) {
    super('a write in the batch threw');
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for every hot write of the store — deliveries, the executor's claims and checkpoints: the writes
 * asked for in the same event-loop turn share one BEGIN IMMEDIATE … COMMIT. With a transaction each, BEGIN and
 * COMMIT alone (locks, WAL frames, syscalls) were a quarter of the executor's CPU under load. Nobody is answered
 * before the COMMIT returned: a 200 still means committed, and a checkpoint is durable before the step it
 * records goes on.
 *
 * Writes are plain functions, run one after another in the shared transaction without a savepoint each: a
 * savepoint makes SQLite copy every page it first touches into a sub-journal (a temp file by default), which
 * cost intake about a fifth of its throughput. If one write throws (a bad delivery, a lost lease), the whole
 * transaction is rolled back and the batch is run again with each write in its own SAVEPOINT, so the one that
 * throws is rolled back and rejected alone while the others commit. A write may therefore run twice: it must
 * only touch the database (and what its outcome is built from), never the world outside.
 *
 * The batch never waits for a lock on the event loop. While the checkpointer resets the WAL (`resettingWal` is
 * 1) it does not even try; and its BEGIN IMMEDIATE runs with the connection's busy timeout at 0, so a BEGIN that
 * meets a lock anyway (a reset that began just after the check, another writer) is refused at once and retried
 * 2 ms later, off the event loop, for up to `busyTimeoutMs`, since nothing of the batch was written. With the
 * connection's own busy timeout, SQLite sleeps in its busy handler on the event loop (measured: as long as the
 * checkpoint holds the write lock, up to its 250 ms wait for readers). Once BEGIN IMMEDIATE holds the write
 * lock, nothing else in the transaction waits for one (SQLite's WAL restart skips, never waits), so the
 * connection's own timeout, for its other transactions, is put back once the batch's transaction has ended.
 *
 * `beforeCommit` runs first in each turn's flush (the store hands the body encoder its bodies there, so that
 * thread works while this one commits).
 */
export function createWriteBatch(db: Database.Database, busyTimeoutMs: number, resettingWal?: Int32Array, beforeCommit?: () => void): WriteBatch {
  let queue: Pending[] = [];
  let scheduled = false;
  // BEGIN without waiting (see above): the busy timeout is 0 for the batch's transaction, the connection's own
  // value (as the store set it) again once it has ended or was refused. (Run as SQL each time: SQLite applies this
  // pragma when the statement is compiled, so a prepared one cannot be stepped again to apply it; db.exec does it
  // without building a statement object, ~0.6 µs against db.pragma's ~2.5.)
  const ownBusyTimeout = Number(db.pragma('busy_timeout', { simple: true }));
  const setBusyTimeout = `PRAGMA busy_timeout = ${ownBusyTimeout}`;
  const beginAtOnce = <T>(transaction: Database.Transaction<(batch: Pending[]) => T>, batch: Pending[]): T => {
    db.exec('PRAGMA busy_timeout = 0');
    try {
      return transaction.immediate(batch);
    } finally {
      db.exec(setBusyTimeout);
    }
  };
  // The common case: every write straight into the transaction; the first throw rolls all of it back.
  const applyAll = db.transaction((batch: Pending[]): Outcome[] =>
    batch.map((p) => {
      try {
        return { ok: true, value: p.write() };
      } catch (error) {
        throw new WriteThrew(error);
      }
    }),
  );
  const inSavepoint = db.transaction((write: () => unknown) => write());
  const applyEachAlone = db.transaction((batch: Pending[]): Outcome[] =>
    batch.map((p) => {
      try {
        return { ok: true, value: inSavepoint(p.write) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  const apply = (batch: Pending[]): Outcome[] => {
    try {
      return beginAtOnce(applyAll, batch);
    } catch (error) {
      // A write threw and nothing was written. Alone, it failed by itself; with others, each gets a savepoint.
      if (!(error instanceof WriteThrew)) throw error;
      if (batch.length === 1) return [{ ok: false, error: error.cause }];
      return beginAtOnce(applyEachAlone, batch);
    }
  };

  const schedule = (delayMs: number) => {
    scheduled = true;
    if (delayMs === 0) setImmediate(flush);
    else setTimeout(flush, delayMs);
  };

  const flush = () => {
    scheduled = false;
    beforeCommit?.();
    if (queue.length === 0) return;
    if (resettingWal && Atomics.load(resettingWal, 0) === 1) return schedule(1);
    const batch = queue;
    queue = [];
    if (!db.open) {
      for (const p of batch) p.reject(new StoreUnavailableError('the SQLite store is closed'));
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = apply(batch);
    } catch (error) {
      // Nothing of the batch was written (BEGIN refused, or COMMIT failed and rolled back).
      const now = Date.now();
      const retry = isBusy(error) ? batch.filter((p) => now - p.since < busyTimeoutMs) : [];
      for (const p of batch) if (!retry.includes(p)) p.reject(error);
      if (retry.length > 0) {
        queue = [...retry, ...queue];
        schedule(2);
      }
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  };

  return {
    write: <T>(write: () => T) =>
      new Promise<T>((resolve, reject) => {
        if (!db.open) return reject(new StoreUnavailableError('the SQLite store is closed'));
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject, since: Date.now() });
        if (!scheduled) schedule(0);
      }),
    flush,
  };
}

/** SQLite refused a lock (another writer, a WAL reset): nothing was written, so the write may be tried again. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
