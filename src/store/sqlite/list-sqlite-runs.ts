import type Database from 'better-sqlite3';
import type { Run } from '../../core/runs/run';
import type { Store } from '../store';
import { toRun } from './run-rows';

/** `Store.listRuns` on a SQLite handle: shared by the store and the read-only history reader (backtests). */
export function listSqliteRuns(db: Database.Database, q: Parameters<Store['listRuns']>[0]): Run[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.incidentId) {
    where.push('incident_id = ?');
    args.push(q.incidentId);
  }
  if (q.statuses?.length) {
    where.push(`status IN (${q.statuses.map(() => '?').join(', ')})`);
    args.push(...q.statuses);
  }
  const sql = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, id LIMIT ?`;
  return (db.prepare(sql).all(...args, q.limit) as Array<Record<string, unknown>>).map(toRun);
}
