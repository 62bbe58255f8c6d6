import type { SqliteStatements } from './sqlite-statements';

/** A stored join key's touch is renewed by a publication at most this often. */
export const joinKeyTouchRefreshMs = 3_600_000;

/**
 * Publishes a join key inside the delivery's transaction, keeping one row per key. Every delivery of an
 * Alertmanager group publishes its key again, almost always with the same correlation ID: then nothing is
 * written unless the touch is over an hour old — still far inside any delivery retention (see
 * selectPrunableJoinKeys), and refreshed more often a storm would rewrite a row with every delivery. A key that
 * changes, or whose touch is renewed, moves to the table's end (a new row): the table stays in touch order
 * (migration 16). The touch never moves back, whatever the clock of the delivery that touches it.
 */
export function publishSqliteJoinKey(st: SqliteStatements, joinKey: string, correlationId: string, touchedAt: number): void {
  const row = st.joinKeyRow.get({ key: joinKey }) as { id: number; correlation_id: string; touched_at: number } | undefined;
  if (row && row.correlation_id === correlationId && row.touched_at >= touchedAt - joinKeyTouchRefreshMs) return;
  if (row) st.deleteJoinKey.run(row.id);
  st.insertJoinKey.run({ joinKey, correlationId, touchedAt: Math.max(touchedAt, row?.touched_at ?? 0) });
}
