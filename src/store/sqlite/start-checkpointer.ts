import { Worker } from 'node:worker_threads';

/** Default WAL size past which the checkpointer resets the WAL (twice it is the store's journal_size_limit). */
export const DEFAULT_WAL_LIMIT_BYTES = 64 * 1024 * 1024;

export interface CheckpointerOptions {
  intervalMs?: number;
  walLimitBytes?: number;
  /**
   * Set to 1 by the thread while it wants or holds the write lock to reset the WAL: the store's group commit
   * waits for 0 before its next transaction. Without that, a writer committing back to back wins the lock
   * every time and the checkpoint gives up (it retries between its busy-handler sleeps).
   */
  resettingWal?: Int32Array;
}

/**
 * Runs SQLite WAL checkpoints on a worker thread with its own connection. With automatic checkpoints the
 * commit that crosses the threshold copies the WAL into the database (and fsyncs) on the event loop,
 * stalling every webhook behind it for tens to hundreds of milliseconds; PASSIVE checkpoints off-thread
 * never block writers.
 *
 * PASSIVE alone does not bound the WAL: SQLite only rewinds it when a write starts after a checkpoint
 * copied every frame, and a writer that never pauses always has appended more (the WAL reached GBs and
 * then SQLITE_FULL, and kept its size after the load stopped). So once the WAL holds more than
 * `walLimitBytes`, the thread catches up with a few more PASSIVE passes (no lock taken), then runs a
 * RESTART checkpoint: it takes the write lock, copies the few frames written meanwhile, and waits (at most
 * its 250 ms busy timeout) for readers to leave the WAL, so the next commit writes the WAL from its start
 * again (the file keeps its size: the store's journal_size_limit is twice `walLimitBytes`, so that the commit
 * after the rewind does not cut it back on the event loop). Writers wait for that short moment (intake's group
 * commit defers, other writes sit in their busy timeout) instead of failing; if readers keep the WAL busy
 * longer, the checkpoint gives up and tries again at the next tick.
 *
 * Under load it is RESTART, not TRUNCATE: truncating the file to zero held the write lock ~50 ms longer
 * (50–80 ms in all, against 8–28 ms) and made the next commits allocate the file's blocks again; at 1,000
 * runs/s that pause came back every second or two and was the p99 of alert-to-first-step. TRUNCATE runs
 * only when no commit came since the last tick and the file is still over the limit (a burst that ended
 * before the next commit could cut it): then nobody waits, and the disk gets its space back.
 * Returns a stop function.
 */
export function startCheckpointer(file: string, intervalMs = 1000, options: CheckpointerOptions = {}): () => Promise<void> {
  const resettingWal = options.resettingWal ?? new Int32Array(new SharedArrayBuffer(4));
  const walLimitBytes = options.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES;
  const worker = new Worker(
    `
    const fs = require('node:fs');
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    let db;
    let frameBytes;
    try {
      db = new Database(workerData.file);
      // Bounds how long a RESTART or TRUNCATE checkpoint, holding the write lock, waits for readers (see above).
      db.pragma('busy_timeout = 250');
      frameBytes = Number(db.pragma('page_size', { simple: true })) + 24;
    } catch {
      // The store is gone (closed and deleted) before this thread started: nothing to checkpoint.
      process.exit(0);
    }
    const walBytes = () => { try { return fs.statSync(workerData.file + '-wal').size; } catch { return 0; } };
    const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
    // The WAL's frame count at the last tick: unchanged means nothing was committed since.
    let lastFrames = -1;
    const reset = (mode) => {
      Atomics.store(workerData.resettingWal, 0, 1);
      try {
        db.pragma('wal_checkpoint(' + mode + ')');
      } finally {
        Atomics.store(workerData.resettingWal, 0, 0);
      }
    };
    const timer = setInterval(() => {
      try {
        let result = passive();
        const idle = result.log === lastFrames;
        lastFrames = result.log;
        if (idle) {
          if (walBytes() > workerData.walLimitBytes) reset('TRUNCATE');
          return;
        }
        if (result.log * frameBytes <= workerData.walLimitBytes) return;
        // Copy what the writer appended during the last pass without any lock, until a pass finds little new
        // (under 1/512 of the limit: 128 KB of the default 64 MiB), so the RESTART below holds the write lock
        // only for a short tail (3–8 ms mostly, against 8–28 ms when it stopped at 1/16); against a writer
        // faster than the copy, it runs after 6 passes.
        for (let i = 0, copied = result.log; i < 6; i++) {
          result = passive();
          if ((result.log - copied) * frameBytes < workerData.walLimitBytes / 512) break;
          copied = result.log;
        }
        reset('RESTART');
      } catch {
        // busy or closing: try again next tick
      }
    }, workerData.intervalMs);
    parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); db.close(); } catch {} parentPort.close(); });
    `,
    { eval: true, workerData: { file, intervalMs, walLimitBytes, resettingWal, driver: require.resolve('better-sqlite3') } },
  );
  // A checkpointer that fails must never take the process down: checkpoints are an optimisation, and
  // SQLite checkpoints on close anyway. A thread that died mid-checkpoint must not leave writers waiting.
  worker.on('error', () => undefined);
  worker.on('exit', () => Atomics.store(resettingWal, 0, 0));
  worker.unref();
  return async () => {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held while stopping: with both the worker and the timer unref'd, Node could exit right here, before
    // the caller closes the database and logs that it stopped.
    worker.ref();
    worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await worker.terminate();
  };
}
