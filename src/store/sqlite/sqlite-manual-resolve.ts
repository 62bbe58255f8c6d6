import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../core/errors';
import { decideManualResolve } from '../../core/incidents/decide-manual-resolve';
import type { LifecyclePolicy } from '../../core/incidents/lifecycle-policy';
import type { ManualResolveOutcome, ManualResolveRequest } from '../../core/incidents/manual-resolve';
import type { Store } from '../store';
import { applySqliteChanges } from './apply-sqlite-changes';
import type { WriteBatch } from './create-write-batch';
import type { RunStatements } from './run-rows';
import type { SqliteStatements } from './sqlite-statements';

/**
 * store.resolveIncident for SQLite: the incident and its firing alerts are read, the core decides, the
 * changes are written, all in one BEGIN IMMEDIATE transaction — so no delivery (of this process or
 * another on the same file) can reopen or change the incident between the read and the write. That transaction
 * is the store's group commit (`batch`), which waits for the write lock off the event loop.
 */
export function createSqliteManualResolve(db: Database.Database, st: SqliteStatements, rs: RunStatements, batch: WriteBatch): Pick<Store, 'resolveIncident'> {
  const resolve = (id: string, request: ManualResolveRequest, policy: LifecyclePolicy): ManualResolveOutcome => {
    const row = st.incidentById.get(id) as { id: string; correlation_id: string; status: 'open' | 'resolved'; resolved_at: string | null } | undefined;
    const incident = row ? { id: row.id, correlationId: row.correlation_id, status: row.status, resolvedAt: row.resolved_at } : null;
    const firingKeys = incident ? (st.firingKeysOfIncident.all(id) as string[]) : [];
    const { changes, outcome } = decideManualResolve(id, { incident, firingKeys }, request, policy);
    const applied = applySqliteChanges(st, rs, changes);
    return outcome.kind === 'resolved' ? { ...outcome, runsCancelled: applied.runsCancelled } : outcome;
  };
  return {
    async resolveIncident(id, request, policy) {
      if (!db.open) throw new StoreUnavailableError('the SQLite store is closed');
      try {
        return await batch.write(() => resolve(id, request, policy));
      } catch (error) {
        throw new StoreUnavailableError('could not resolve the incident in the SQLite store', error);
      }
    },
  };
}
