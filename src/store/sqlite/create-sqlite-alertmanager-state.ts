import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../core/errors';
import type { Store } from '../store';
import type { WriteBatch } from './create-write-batch';
import type { SqliteStatements } from './sqlite-statements';

/**
 * store.recordAlertmanagerState for SQLite: the state (JSON in incidents.alertmanager, migration 10) and
 * the optional note (next timeline seq) in one BEGIN IMMEDIATE transaction, so a reader never sees the
 * note without the state, and two writers (processes on one file) are serialized: the later one's state
 * wins and its note gets the higher seq. An unknown id updates no row and appends nothing. Written through the
 * store's group commit (`batch`), which waits for the write lock off the event loop.
 */
export function createSqliteAlertmanagerState(db: Database.Database, st: SqliteStatements, batch: WriteBatch): Pick<Store, 'recordAlertmanagerState'> {
  const update = db.prepare('UPDATE incidents SET alertmanager = ? WHERE id = ?');
  const record = (incidentId: string, state: string, note?: { at: string; message: string; data?: Record<string, unknown> }) => {
    if (update.run(state, incidentId).changes === 0 || note === undefined) return;
    st.appendEvent.run({ incidentId, at: note.at, type: 'reconciliation', message: note.message, data: JSON.stringify(note.data ?? {}) });
  };
  return {
    async recordAlertmanagerState(incidentId, state, note) {
      if (!db.open) throw new StoreUnavailableError('the SQLite store is closed');
      // Only the three known fields: whatever else a caller's object carries is not part of the port.
      const json = JSON.stringify({ active: state.active, checkedAt: state.checkedAt, missingSince: state.missingSince });
      try {
        await batch.write(() => record(incidentId, json, note));
      } catch (error) {
        throw new StoreUnavailableError('could not record the Alertmanager state in the SQLite store', error);
      }
    },
  };
}
