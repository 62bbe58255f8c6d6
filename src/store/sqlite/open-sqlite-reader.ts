import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ControlEntry, Controls } from '../../core/runs/controls';
import type { Store } from '../store';
import { readSqliteDeliveries } from './read-sqlite-deliveries';
import { listSqliteRuns } from './list-sqlite-runs';
import { refuseNewerStore } from './migrations';

/** What a reader of history needs (`mendbot backtest`): the store's reads, nothing that writes. */
export type HistoryReader = Pick<Store, 'listDeliveries' | 'listRuns' | 'getControls' | 'close'>;

/**
 * Opens mendbot.db read-only for a command running beside the server: no migration, no checkpointer, no
 * write of any kind (SQLite refuses them on this connection). In WAL mode a reader never blocks the writer
 * and sees the last committed state; the server's -wal/-shm files must be readable. Fails if there is no
 * database yet (nothing to read; creating one would be a write).
 */
export function openSqliteReader(options: { dataDir: string }): HistoryReader {
  const file = path.join(options.dataDir, 'mendbot.db');
  if (!fs.existsSync(file)) throw new Error(`no mendbot store at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    refuseNewerStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const controls = db.prepare('SELECT key, value FROM controls');
  return {
    ...readSqliteDeliveries(db),
    async listRuns(q) {
      return listSqliteRuns(db, q);
    },
    async getControls() {
      // Same keys as the run adapter writes: `kill_switch` and `pause:<playbook>`.
      const out: Controls = { killSwitch: null, paused: {} };
      for (const row of controls.all() as Array<{ key: string; value: string }>) {
        const entry = JSON.parse(row.value) as ControlEntry;
        if (row.key === 'kill_switch') out.killSwitch = entry;
        else if (row.key.startsWith('pause:')) out.paused[row.key.slice(6)] = entry;
      }
      return out;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
