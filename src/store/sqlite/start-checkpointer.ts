import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite WAL checkpoints on a worker thread with its own connection. With automatic checkpoints the
 * commit that crosses the threshold copies the WAL into the database (and fsyncs) on the event loop,
 * stalling every webhook behind it for tens to hundreds of milliseconds; PASSIVE checkpoints off-thread
 * never block writers. Returns a stop function.
 */
export function startCheckpointer(file: string, intervalMs = 1000): () => Promise<void> {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    let db;
    try {
      db = new Database(workerData.file);
      db.pragma('busy_timeout = 1000');
    } catch {
      // The store is gone (closed and deleted) before this thread started: nothing to checkpoint.
      process.exit(0);
    }
    const timer = setInterval(() => {
      try {
        // PASSIVE only: TRUNCATE/RESTART take the write lock and would make webhooks fail with SQLITE_BUSY.
        // Once a checkpoint has copied everything, the next writer reuses the WAL from its start, and
        // journal_size_limit (set by the store) trims the file, so the WAL does not grow without bound.
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // busy or closing: try again next tick
      }
    }, workerData.intervalMs);
    parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); db.close(); } catch {} parentPort.close(); });
    `,
    { eval: true, workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') } },
  );
  // A checkpointer that fails must never take the process down: checkpoints are an optimisation, and
  // SQLite checkpoints on close anyway.
  worker.on('error', () => undefined);
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
