import type Database from 'better-sqlite3';
import type { AlertSourceName } from '../../core/alerts/alert';
import type { Decision } from '../../core/incidents/decision';
import { decodeRawBody } from '../decode-raw-body';
import type { Store, StoredDelivery } from '../store';

/** Store.listDeliveries on SQLite: one indexed range read per page (deliveries_by_received_at). */
export function readSqliteDeliveries(db: Database.Database): Pick<Store, 'listDeliveries'> {
  const columns = 'SELECT id, source, received_at, event_type, decisions, raw, raw_encoding FROM deliveries';
  const first = db.prepare(`${columns} WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id LIMIT ?`);
  // The range starts at the cursor's instant, so each page reads from where the last one stopped (an OR of
  // the two cursor conditions alone would make SQLite walk the index from `since` on every page).
  const next = db.prepare(`${columns} WHERE received_at >= ? AND received_at < ? AND (received_at > ? OR id > ?) ORDER BY received_at, id LIMIT ?`);
  return {
    async listDeliveries(q) {
      const rows = (
        q.after === undefined
          ? first.all(q.since, q.until, q.limit)
          : next.all(q.after.receivedAt < q.since ? q.since : q.after.receivedAt, q.until, q.after.receivedAt, q.after.id, q.limit)
      ) as Array<Record<string, unknown>>;
      return rows.map(toStoredDelivery);
    },
  };
}

function toStoredDelivery(r: Record<string, unknown>): StoredDelivery {
  return {
    id: r.id as string,
    source: r.source as AlertSourceName,
    receivedAt: r.received_at as string,
    eventType: r.event_type as string,
    decisions: JSON.parse(r.decisions as string) as Decision[],
    raw: decodeRawBody(r.raw, r.raw_encoding),
  };
}
