import type Database from 'better-sqlite3';
import type { AlertSourceName } from '../../core/alerts/alert';
import { decodeRawBody } from '../decode-raw-body';
import type { Store, StoredDelivery } from '../store';
import { decodeDecisions } from './delivery-decisions';
import { bodyText } from './sqlite-bodies';

/**
 * Store.listDeliveries on SQLite: one indexed range read per page (deliveries_by_received_at); getDelivery by its
 * key. Reads rows of both layouts: the body in the row (before migration 12) or in `bodies`; a read-only reader
 * may open a file an older server has not migrated yet, so the join is there only when the column is.
 */
export function readSqliteDeliveries(db: Database.Database): Pick<Store, 'listDeliveries' | 'getDelivery'> {
  const hasBodies = (db.prepare(`SELECT COUNT(*) FROM pragma_table_info('deliveries') WHERE name = 'body_id'`).pluck().get() as number) > 0;
  const columns = hasBodies
    ? 'SELECT d.id, d.source, d.received_at, d.event_type, d.decisions, d.raw, d.raw_encoding, b.raw AS body FROM deliveries d LEFT JOIN bodies b ON b.id = d.body_id'
    : 'SELECT d.id, d.source, d.received_at, d.event_type, d.decisions, d.raw, d.raw_encoding FROM deliveries d';
  const first = db.prepare(`${columns} WHERE d.received_at >= ? AND d.received_at < ? ORDER BY d.received_at, d.id LIMIT ?`);
  // The range starts at the cursor's instant, so each page reads from where the last one stopped (an OR of
  // the two cursor conditions alone would make SQLite walk the index from `since` on every page).
  const next = db.prepare(`${columns} WHERE d.received_at >= ? AND d.received_at < ? AND (d.received_at > ? OR d.id > ?) ORDER BY d.received_at, d.id LIMIT ?`);
  // Its key alone, without the body (its row is not read).
  const one = db.prepare('SELECT id, source, received_at, event_type, decisions FROM deliveries WHERE id = ?');
  return {
    async getDelivery(id) {
      const row = one.get(id) as Record<string, unknown> | undefined;
      return row ? deliveryFacts(row) : null;
    },
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

function deliveryFacts(r: Record<string, unknown>): Omit<StoredDelivery, 'raw'> {
  return {
    id: r.id as string,
    source: r.source as AlertSourceName,
    receivedAt: r.received_at as string,
    eventType: r.event_type as string,
    decisions: decodeDecisions(r.decisions),
  };
}

function toStoredDelivery(r: Record<string, unknown>): StoredDelivery {
  return { ...deliveryFacts(r), raw: r.raw_encoding === 'body' ? bodyText(r.body) : decodeRawBody(r.raw, r.raw_encoding) };
}
