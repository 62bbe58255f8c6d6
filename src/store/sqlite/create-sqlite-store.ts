import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../core/errors';
import type { IncidentQuery, Store } from '../store';
import { migrate } from './migrations';
import { toIncident, toStoredAlert, toTimelineEvent } from './row-mappers';
import { prepareRunStatements } from './run-rows';
import { createSqliteChat } from './sqlite-chat';
import { createSqliteAlertmanagerState } from './create-sqlite-alertmanager-state';
import { createSqliteManualResolve } from './sqlite-manual-resolve';
import { createSqlitePostmortems } from './sqlite-postmortems';
import { createSqliteRetention } from './sqlite-retention';
import { createSqliteRuns } from './sqlite-runs';
import { createWriteBatch, isBusy } from './create-write-batch';
import { readSqliteDeliveries } from './read-sqlite-deliveries';
import { recordSqliteDelivery } from './record-sqlite-delivery';
import { startBodyEncoder } from './start-body-encoder';
import type { EncodedBody } from './body-encoding';
import { prepareStatements } from './sqlite-statements';
import { DEFAULT_WAL_LIMIT_BYTES, startCheckpointer } from './start-checkpointer';

export interface SqliteStoreOptions {
  /** Directory holding mendbot.db (created if missing). */
  dataDir: string;
  /**
   * NORMAL (default) with WAL survives a crash of the process (kill -9) but a power loss or OS crash may
   * drop the last transactions; FULL fsyncs every commit and survives those too, at a cost in throughput.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a writer waits for another process holding the write lock before failing (→ 503). */
  busyTimeoutMs?: number;
  /**
   * Run WAL checkpoints on a worker thread (default true). false is for short-lived stores only (a
   * `mendbot test` case), where starting and stopping the thread costs more than the store's whole life:
   * SQLite then checkpoints inside the commit that crosses 1000 WAL pages, stalling the event loop (and every
   * webhook) for that commit, which a server must not do.
   */
  checkpointer?: boolean;
  /**
   * WAL size (bytes, default 64 MiB) past which the checkpointer thread resets the WAL with a RESTART
   * checkpoint (writers then wait briefly for the write lock). Twice it is the journal_size_limit, the size
   * past which SQLite cuts the WAL file back when it is rewound (see below).
   */
  walLimitBytes?: number;
  /** How often the checkpointer thread checkpoints and checks the WAL size (default 1000 ms). */
  checkpointIntervalMs?: number;
  /**
   * Hash and deflate delivery bodies on a thread of their own (start-body-encoder.ts; default: as
   * `checkpointer`). false encodes them on the main thread, inside the delivery's write.
   */
  bodyEncoder?: boolean;
}

const SQLITE_FILE_NAME = 'mendbot.db';

/**
 * The embedded store. Hot writes use group commit (createWriteBatch): deliveries, claims and checkpoints
 * arriving in the same event-loop turn share one transaction (one bad delivery still fails alone), and every
 * caller is answered only after the COMMIT returned.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store & { readonly file: string } {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, SQLITE_FILE_NAME);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma('foreign_keys = ON');
  // Checkpoints happen on a worker thread (start-checkpointer.ts), never inside a webhook's commit; without
  // that thread, SQLite's own (1000 pages) keep the WAL bounded.
  const checkpointer = options.checkpointer ?? true;
  db.pragma(`wal_autocheckpoint = ${checkpointer ? 0 : 1000}`);
  const walLimitBytes = options.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES;
  if (!Number.isSafeInteger(walLimitBytes) || walLimitBytes <= 0) throw new Error('walLimitBytes must be a positive integer');
  // SQLite cuts a rewound WAL file back to journal_size_limit in the first commit after the rewind: an ftruncate
  // on the event loop (5–17 ms measured on ext4, every ~2 s at 1,000 alerts/s, as the checkpointer resets a WAL
  // just past the limit). At twice the reset threshold the rewound file, a tick's writes over it, is left as it
  // is and written again from its start; the checkpointer truncates it once writes pause (start-checkpointer.ts).
  db.pragma(`journal_size_limit = ${2 * walLimitBytes}`);
  try {
    migrate(db, () => new Date().toISOString());
  } catch (error) {
    // Refused (a newer store) or failed: nothing of this store is left open.
    db.close();
    throw error;
  }
  const resettingWal = new Int32Array(new SharedArrayBuffer(4));
  const stopCheckpointer = checkpointer ? startCheckpointer(file, options.checkpointIntervalMs, { walLimitBytes, resettingWal }) : async () => undefined;
  const st = prepareStatements(db);
  const rs = prepareRunStatements(db);

  const encoder = (options.bodyEncoder ?? checkpointer) ? startBodyEncoder() : undefined;
  const batch = createWriteBatch(db, options.busyTimeoutMs ?? 5000, resettingWal, encoder?.send);
  return {
    file,
    ...createSqliteRuns(db, st, rs, batch),
    ...createSqliteChat(db),
    ...createSqliteManualResolve(db, st, rs, batch),
    ...createSqlitePostmortems(db, batch),
    ...createSqliteRetention(db),
    ...createSqliteAlertmanagerState(db, st, batch),
    ...readSqliteDeliveries(db),

    recordDelivery(delivery, policy, planner) {
      const record = (encoded?: EncodedBody) =>
        batch.write(() => recordSqliteDelivery(st, rs, delivery, policy, planner, encoded)).catch((error: unknown) => {
          if (error instanceof StoreUnavailableError) throw error;
          // Refused locks (past the busy timeout) and I/O failures fail the commit; anything else, this delivery.
          const commit = isBusy(error) || /^SQLITE_(FULL|IOERR)/.test(String((error as { code?: unknown }).code ?? ''));
          throw new StoreUnavailableError(commit ? 'could not commit to the SQLite store' : 'could not record the delivery', error);
        });
      return encoder ? encoder.encode(delivery.raw).then(record) : record();
    },

    async listIncidents(q: IncidentQuery) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (q.status !== 'all') {
        where.push('status = ?');
        args.push(q.status);
      }
      if (q.correlationId !== undefined) {
        where.push('correlation_id = ?');
        args.push(q.correlationId);
      }
      if (q.beforeId !== undefined) {
        where.push('id < ?');
        args.push(q.beforeId);
      }
      const sql = `SELECT * FROM incidents ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
      const rows = guard(() => db.prepare(sql).all(...args, q.limit + 1) as Array<Record<string, unknown>>);
      return { items: rows.slice(0, q.limit).map(toIncident), hasMore: rows.length > q.limit };
    },

    async getIncident(id) {
      return guard(() => {
        const row = st.incidentById.get(id) as Record<string, unknown> | undefined;
        if (!row) return null;
        const body = st.bodies.reader();
        return {
          incident: toIncident(row),
          alerts: (st.alertsOfIncident.all(id) as Array<Record<string, unknown>>).map((r) => toStoredAlert(r, body)),
          timeline: (st.timelineOfIncident.all(id) as Array<Record<string, unknown>>).map((r) => toTimelineEvent(r, row.correlation_id as string)),
        };
      });
    },

    async countOpenIncidents() {
      return guard(() => st.countOpen.get() as number);
    },

    async ping() {
      guard(() => st.ping.get());
    },

    async checkCommit() {
      if (!db.open) throw new StoreUnavailableError('the SQLite store is closed');
      // Rewriting the header's user_version with its own value is a real one-page commit (a WAL frame), with
      // no table to add. Asked only while commits fail, so it waits briefly for another writer's lock: the
      // event loop must not stall behind a probe.
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      db.pragma(`busy_timeout = ${Math.min(busyTimeoutMs, 250)}`);
      try {
        db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
      } catch (error) {
        throw new StoreUnavailableError('the SQLite store could not commit', error);
      } finally {
        db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      }
    },

    async close() {
      // Bodies still out are encoded here, so their deliveries are in the batch before it is written.
      await encoder?.stop();
      batch.flush();
      await stopCheckpointer();
      if (db.open) db.close();
    },
  };

  function guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw new StoreUnavailableError('the SQLite store could not be read', error);
    }
  }
}
